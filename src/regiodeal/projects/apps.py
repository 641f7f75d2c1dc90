from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "regiodeal.projects"
    label = "projects"
    verbose_name = _("Projecten")

    def ready(self):
        from regiodeal.common import dataversion as dv

        dv.watch_app(self.label, dv.PROJECTS)  # the cached figures (common/dataversion.py)

        from regiodeal.deals.signals import version_adopted

        from .receivers import follow_new_version

        version_adopted.connect(follow_new_version, dispatch_uid="projects.follow_new_version")
