"""The production stack: only the TLS proxy faces the network, it writes the forwarding
headers itself, and the portal trusts them from the proxy's address alone."""

import ipaddress
import re

from tests.deployment import (
    APP_SERVICES,
    NGINX_CONFIG,
    ROOT,
    app_environment,
    compose,
    compose_ip_range,
    compose_subnet,
    proxy_address,
)


def test_only_the_proxy_is_published_on_the_host():
    services = compose()["services"]
    published = {
        name: service["ports"] for name, service in services.items() if "ports" in service
    }
    assert published == {"proxy": ["80:80", "443:443"]}
    # gunicorn is reachable on the project's network only.
    assert services["web"]["expose"] == ["8000"]


def test_the_app_trusts_the_proxys_fixed_address_and_nothing_else():
    environment = app_environment()
    assert environment["TRUSTED_PROXIES"] == proxy_address() == "172.30.0.10"
    assert "TRUSTED_PROXY_COUNT" not in environment


def test_no_other_container_can_be_given_the_proxys_address():
    proxy = ipaddress.ip_address(proxy_address())
    assert compose_subnet() == ipaddress.ip_network("172.30.0.0/24")
    assert proxy in compose_subnet()
    # Docker hands out addresses to the other containers from ip_range only.
    assert compose_ip_range().subnet_of(compose_subnet())
    assert proxy not in compose_ip_range()
    assert all("ipv4_address" not in str(compose()["services"][name]) for name in APP_SERVICES)


def test_the_proxy_mounts_its_config_and_the_certificates():
    proxy = compose()["services"]["proxy"]
    assert proxy["image"].startswith("nginx:")
    assert proxy["volumes"] == [
        "./deploy/nginx/portal.conf:/etc/nginx/conf.d/default.conf:ro",
        "./deploy/certs:/etc/nginx/certs:ro",
    ]
    assert proxy["depends_on"] == {"web": {"condition": "service_healthy"}}
    config = NGINX_CONFIG.read_text()
    assert "ssl_certificate /etc/nginx/certs/fullchain.pem;" in config
    assert "ssl_certificate_key /etc/nginx/certs/privkey.pem;" in config
    # The key stays out of git and out of the portal's image (the build copies the checkout).
    assert (ROOT / "deploy" / "certs" / ".gitignore").read_text().splitlines()[1:] == [
        "*",
        "!.gitignore",
    ]
    assert "deploy/" in (ROOT / ".dockerignore").read_text().splitlines()


def servers(config: str) -> list[str]:
    return re.split(r"^server \{$", config, flags=re.MULTILINE)[1:]


def locations(server: str) -> dict[str, str]:
    return {
        match[1].strip(): match[2] for match in re.finditer(r"location ([^{]+)\{([^}]*)\}", server)
    }


def directives(block: str) -> list[str]:
    return [" ".join(line.split()) for line in block.splitlines() if line.strip()]


def test_the_proxy_overwrites_x_forwarded_for_with_the_address_it_saw():
    config = NGINX_CONFIG.read_text()
    # $proxy_add_x_forwarded_for appends to what the client sent: the client could write
    # any address left of its own, and a proxy count would read it.
    assert "proxy_add_x_forwarded_for" not in config
    passing = [
        block
        for server in servers(config)
        for block in locations(server).values()
        if "proxy_pass" in block
    ]
    assert len(passing) == 2
    for block in passing:
        lines = directives(block)
        assert "proxy_set_header X-Forwarded-For $remote_addr;" in lines
        assert "proxy_set_header Host $host;" in lines
        for cleared in ("X-Forwarded-Host", "X-Forwarded-Port", "Forwarded", "X-Real-IP"):
            assert f'proxy_set_header {cleared} "";' in lines


def test_port_80_sends_everything_but_the_health_check_to_https():
    plain, tls = servers(NGINX_CONFIG.read_text())
    assert "listen 80 default_server;" in directives(plain)
    routes = locations(plain)
    assert set(routes) == {"= /healthz/", "/"}
    assert directives(routes["/"]) == ["return 301 https://$host$request_uri;"]
    assert "proxy_set_header X-Forwarded-Proto http;" in directives(routes["= /healthz/"])
    assert "listen 443 ssl default_server;" in directives(tls)
    [everything] = locations(tls).values()
    assert "proxy_set_header X-Forwarded-Proto https;" in directives(everything)


def test_uploads_of_twenty_megabytes_pass_and_nothing_waits_forever():
    lines = directives(NGINX_CONFIG.read_text())
    assert "client_max_body_size 25m;" in lines
    for timeout in ("client_body_timeout", "proxy_connect_timeout", "proxy_read_timeout"):
        assert any(line.startswith(f"{timeout} ") for line in lines)
