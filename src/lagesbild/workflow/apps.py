from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    """The working week around the other apps: the home page per role, the municipality's
    settings, official data imported in the browser and the first-run checklist."""

    name = "lagesbild.workflow"
    label = "workflow"

    def ready(self) -> None:
        from lagesbild.jobs.registry import register
        from lagesbild.workflow.imports import IMPORT

        register(IMPORT)
