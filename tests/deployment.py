"""What the production stack ships: docker-compose.yml, the proxy's nginx config, and the
settings the portal starts with under them."""

import ipaddress
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
COMPOSE_FILE = ROOT / "docker-compose.yml"
NGINX_CONFIG = ROOT / "deploy" / "nginx" / "portal.conf"
APP_SERVICES = ("web", "worker", "beat")


def interpolate(value):
    """Compose's `${NAME:-default}` with nothing set in .env; required values get a stand-in."""
    if not isinstance(value, str):
        return value

    def substitute(match: re.Match) -> str:
        name, operator, word = match.groups()
        if operator == ":?":
            return f"stand-in-for-{name.lower()}"
        return word if operator == ":-" else ""

    return re.sub(r"\$\{(\w+)(:-|:\?)?([^}]*)\}", substitute, value)


def compose() -> dict:
    """docker-compose.yml with its defaults filled in, as `docker compose config` shows it."""

    def resolved(node):
        if isinstance(node, dict):
            return {key: resolved(value) for key, value in node.items()}
        if isinstance(node, list):
            return [resolved(value) for value in node]
        return interpolate(node)

    return resolved(yaml.safe_load(COMPOSE_FILE.read_text()))


def app_environment() -> dict[str, str]:
    """The environment every app service (web, worker, beat) is given."""
    environments = [compose()["services"][name]["environment"] for name in APP_SERVICES]
    assert all(environment == environments[0] for environment in environments)
    return {name: str(value) for name, value in environments[0].items()}


def proxy_address() -> str:
    return compose()["services"]["proxy"]["networks"]["default"]["ipv4_address"]


def compose_subnet() -> ipaddress.IPv4Network:
    [pool] = compose()["networks"]["default"]["ipam"]["config"]
    return ipaddress.ip_network(pool["subnet"])


def compose_ip_range() -> ipaddress.IPv4Network:
    """Where Docker picks the addresses of the containers without a fixed one."""
    [pool] = compose()["networks"]["default"]["ipam"]["config"]
    return ipaddress.ip_network(pool["ip_range"])


PRINT_PROXY_SETTINGS = """
import json
from django.conf import settings
print(json.dumps({
    "TRUSTED_PROXIES": [str(network) for network in settings.TRUSTED_PROXIES],
    "SECURE_PROXY_SSL_HEADER": settings.SECURE_PROXY_SSL_HEADER,
}))
"""


def shipped_proxy_settings(data_dir: Path) -> dict:
    """Load the settings in a fresh interpreter with the environment compose gives the app.

    Nothing else from this machine's environment gets in, so a value the compose file does
    not set takes the settings module's own default, as it would in the container.
    """
    environment = {
        **app_environment(),
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "gcm_portal.settings",
        # The container's /data and /app: somewhere writable here.
        "DATA_DIR": str(data_dir),
        "MEDIA_ROOT": str(data_dir / "media"),
        "STATIC_ROOT": str(data_dir / "static"),
    }
    result = subprocess.run(
        [sys.executable, "-c", PRINT_PROXY_SETTINGS],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
