"""`regiodeal createuser` as an operator runs it: a separate process, with and without a terminal."""

import subprocess

import pytest

from tests.platform.conftest import REGIODEAL, data_folder_copy, platform_env

pytestmark = pytest.mark.subprocess

ARGS = ["createuser", "office", "--email", "office@example.nl", "--role", "programme_office"]


@pytest.fixture(scope="module")
def run(tmp_path_factory, set_up_data):
    tmp_path = tmp_path_factory.mktemp("createuser")
    env = platform_env(data_folder_copy(set_up_data, tmp_path / "data"))

    def run(*args, stdin=subprocess.DEVNULL, input=None):
        return subprocess.run(
            [REGIODEAL, *args],
            env=env,
            input=input,
            stdin=None if input is not None else stdin,
            capture_output=True,
            text=True,
            timeout=120,
            cwd=tmp_path,
        )

    return run


def test_without_a_terminal_it_says_to_use_password_stdin_and_exits_2(run):
    result = run(*ARGS, "--deal", "waterwegregio")
    assert result.returncode == 2
    assert "No terminal to ask the password on" in result.stderr
    assert "--password-stdin" in result.stderr
    assert "Traceback" not in result.stderr and "EOFError" not in result.stderr


def test_an_empty_standard_input_is_refused(run):
    result = run(*ARGS, "--deal", "waterwegregio", "--password-stdin", input="")
    assert result.returncode == 2
    assert "standard input holds no password" in result.stderr


def test_a_weak_password_on_standard_input_is_refused_and_names_the_rule(run):
    result = run(*ARGS, "--deal", "waterwegregio", "--password-stdin", input="qzx9\n")
    assert result.returncode == 2
    assert "Account not created" in result.stderr and "12" in result.stderr
    assert "qzx9" not in result.stderr  # the password itself is never printed


def test_the_password_on_standard_input_makes_the_account(run):
    result = run(*ARGS, "--deal", "waterwegregio", "--password-stdin", input="een-lang-genoeg-wachtwoord\n")
    assert result.returncode == 0, result.stderr
    assert "Created office (programme_office in waterwegregio)." in result.stdout


def test_the_help_documents_the_password_prompt_and_password_stdin(run):
    result = run("createuser", "--help")
    text = " ".join(result.stdout.split())
    assert "Asks the password twice on the terminal" in text
    assert "--password-stdin" in text and "Read the password from the first line of standard input" in text
