from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledRun(models.Model):
    """A daily job enqueued for a day: the unique pair keeps it to once a day, whichever worker
    (or how many restarts) got there first."""

    name = models.CharField(_("taak"), max_length=100)
    day = models.DateField(_("dag"))
    enqueued_at = models.DateTimeField(_("in de wachtrij gezet"), auto_now_add=True)

    class Meta:
        verbose_name = _("geplande uitvoering")
        verbose_name_plural = _("geplande uitvoeringen")
        constraints = [models.UniqueConstraint(fields=["name", "day"], name="one_run_per_job_and_day")]

    def __str__(self) -> str:
        return f"{self.name} {self.day:%Y-%m-%d}"


class WorkerHeartbeat(models.Model):
    """A running `regiodeal worker` says it is alive once a minute (one row per worker process);
    `/healthz` reports the worker down when no row is fresh. Rows of workers gone for a day are
    removed by the next beat."""

    worker = models.CharField(_("worker"), max_length=200, unique=True)  # host:pid
    seen_at = models.DateTimeField(_("laatst gezien"))

    class Meta:
        verbose_name = _("hartslag van de worker")
        verbose_name_plural = _("hartslagen van de worker")

    def __str__(self) -> str:
        return f"{self.worker} {self.seen_at:%Y-%m-%d %H:%M}"
