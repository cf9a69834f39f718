import os
import subprocess

import pytest
import requests

SPACEPORT = os.environ.get("SPACEPORT_BIN", "spaceport")
LISTENING = "spaceport listening on "


@pytest.fixture(scope="session")
def spaceport_url():
    """One spaceport for the whole session, on a free port; its base URL."""
    server = subprocess.Popen([SPACEPORT, "--port", "0"], stdout=subprocess.PIPE, text=True)
    line = server.stdout.readline()  # printed once the port is bound and the fixtures are loaded
    if not line.startswith(LISTENING):
        server.kill()
        raise RuntimeError(f"spaceport did not start (exit {server.wait()}): {line!r}")
    yield line[len(LISTENING):].strip()
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def spaceport(spaceport_url):
    """A spaceport back to its fixtures, its journal empty: every test starts from the same state."""
    requests.post(f"{spaceport_url}/__spaceport/reset", timeout=10).raise_for_status()
    return spaceport_url
