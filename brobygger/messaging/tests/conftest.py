from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .gateway_server import TOKEN, Gateway, local_gateway


@pytest.fixture
def gateway(settings: Any) -> Iterator[Gateway]:
    with local_gateway() as server:
        settings.SMS_BACKEND = "brobygger.messaging.backends.gatewayapi.GatewayApiBackend"
        settings.GATEWAYAPI_URL = server.url
        settings.GATEWAYAPI_TOKEN = TOKEN
        settings.GATEWAYAPI_SENDER = "Viborg"
        settings.SMS_SEND_TIMEOUT = 1
        yield server
