"""Health probe for container orchestrators: calls a service's ``health`` RPC (every service has
one).

``python -m runtime.probe directory`` exits 0 when the service answers and its database is ok.
"""

import os
import sys

import runtime.quiet  # noqa: F401 - before nameko: hides eventlet's deprecation text


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m runtime.probe SERVICE", file=sys.stderr)
        return 2
    from nameko.standalone.rpc import ClusterRpcProxy  # after runtime.quiet

    config = {"AMQP_URI": os.environ.get("AMQP_URI", "amqp://guest:guest@localhost:5672/")}
    try:
        with ClusterRpcProxy(config, timeout=5) as rpc:
            result = rpc[argv[0]].health()
    except Exception as exc:  # noqa: BLE001 - any failure means unhealthy
        print(f"{argv[0]}: down: {exc}", file=sys.stderr)
        return 1
    print(f"{argv[0]}: {result}")
    return 0 if result.get("mongodb") == "ok" else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
