"""`masthead demo` end to end, as a newcomer runs it: a real process on a real port."""

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest

HEADLINE = "Trump calls Putin and talks of ‘Russian Hoax’"


def embedded_env(data_dir):
    """The fresh-machine environment: no database or Redis server is configured."""
    drop = {
        "DATABASE_URL",
        "REDIS_URL",
        "EMAIL_URL",
        "DJANGO_SETTINGS_MODULE",
        "SECRET_KEY",
        "MASTHEAD_ENV",
    }
    environment = {k: v for k, v in os.environ.items() if k not in drop}
    environment["MASTHEAD_DATA_DIR"] = str(data_dir)
    return environment


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def masthead(*args):
    return [sys.executable, "-m", "masthead.cli", *args]


def wait_for(url, process, timeout=240):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read() if process.stdout else ""
            raise AssertionError(f"exited with {process.returncode}: {output[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode()
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer in {timeout}s")


def test_demo_on_a_busy_port_says_the_port_is_taken(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            masthead("demo", "--port", str(port), "--data-dir", str(tmp_path)),
            env=embedded_env(tmp_path),
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert f"port {port} on 127.0.0.1 is taken" in result.stderr
    assert "Traceback" not in result.stderr


def test_demo_serves_the_reference_article_and_the_printed_admin_login_works(tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        masthead("demo", "--port", str(port), "--data-dir", str(tmp_path)),
        env=embedded_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # so the demo's worker can be stopped with it
    )
    try:
        home = wait_for(base + "/", process)
        path = re.search(r'href="([^"]+)">' + re.escape(HEADLINE), home).group(1)
        article = wait_for(base + path, process)
        assert f">{HEADLINE}</h1>" in article
        assert "Image copyright BRENDAN SMIALOWSKI/Getty" in article
        body = article.split('class="article__body"')[1].split("</article>")[0]
        for widget_line in ("Log in with your credentials", "Forgot your details?"):
            assert widget_line not in body

        process.terminate()
        output, _ = process.communicate(timeout=60)
        password = re.search(r"username admin\s+password (\S+)", output).group(1)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()

    # Second run on the same data directory: nothing duplicated, password unchanged.
    again = subprocess.run(
        masthead("demo", "--data-dir", str(tmp_path), "--no-serve"),
        env=embedded_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert again.returncode == 0, again.stderr
    assert "reference article already loaded" in again.stdout
    assert "already exists; its password is unchanged" in again.stdout
    assert password not in again.stdout

    # The printed credentials open the newsroom admin, served by the production
    # server shape: an arbiter forking two workers from the loaded app.
    process = subprocess.Popen(
        masthead("serve", "--port", str(port), "--workers", "2", "--threads", "2"),
        env=embedded_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(base + "/healthz", process)
        workers = []
        deadline = time.monotonic() + 30  # the arbiter forks them one by one
        while len(workers) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
            workers = subprocess.run(
                ["pgrep", "-P", str(process.pid)], capture_output=True, text=True
            ).stdout.split()
        assert len(workers) == 2
        for _ in range(4):  # a miss, then hits, whichever worker answers
            assert f">{HEADLINE}</h1>" in wait_for(base + path, process)
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        login = opener.open(base + "/admin/login/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login).group(1)
        form = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token,
                "username": "admin",
                "password": password,
                "next": "/admin/",
            }
        ).encode()
        request = urllib.request.Request(
            base + "/admin/login/",
            data=form,
            headers={"Referer": base + "/admin/login/"},
        )
        dashboard = opener.open(request)
        assert dashboard.url == base + "/admin/"
        assert "sessionid" in {cookie.name for cookie in jar}

        process.terminate()  # SIGTERM: workers finish and the arbiter exits cleanly
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)


@pytest.mark.parametrize("port", ["0", "70000", "http"])
def test_demo_refuses_an_impossible_port(tmp_path, port):
    result = subprocess.run(
        masthead("demo", "--port", port, "--data-dir", str(tmp_path)),
        env=embedded_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("option", [["--workers", "0"], ["--threads", "0"]])
def test_serve_refuses_zero_workers_or_threads(tmp_path, option):
    result = subprocess.run(
        masthead("serve", "--port", str(free_port()), *option),
        env=embedded_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "must be at least 1" in result.stderr
    assert "Traceback" not in result.stderr
