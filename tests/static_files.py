"""WhiteNoise as the test settings use it: the static files are found once per process.

Django's test client builds its request handler, and with it every middleware, anew for each
client, so each test. WhiteNoise (with `WHITENOISE_USE_FINDERS` and without autorefresh) walks
every app's static folder when it is built: that walk was about 5 % of the unit tests' time
(measured with a sampling profiler over 888 tests of seven apps). In production the handler is
built once per process, so the files are found once there too; here they are found by the first
handler of the process and handed to the next ones."""

from whitenoise.middleware import WhiteNoiseMiddleware


class StaticFilesFoundOnce(WhiteNoiseMiddleware):
    _found: dict | None = None

    def add_files_from_finders(self):
        if StaticFilesFoundOnce._found is None:
            super().add_files_from_finders()
            StaticFilesFoundOnce._found = dict(self.files)
        else:
            self.files.update(StaticFilesFoundOnce._found)
