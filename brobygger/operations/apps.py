from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running Brobygger: the load balancer's probes, backup and restore. No models."""

    name = "brobygger.operations"
    label = "operations"
