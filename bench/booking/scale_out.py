"""Scale-out: booking rounds through the gateway with one events-service instance and with two
(a second ``nameko run`` consuming the same RPC queue, the same store), in alternation."""

import statistics
import time
from collections.abc import Callable

SECOND = "events-2"
RPC_QUEUE = "rpc-events"


def _wait_for_consumers(stack, count: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while stack.consumers(RPC_QUEUE) != count:
        if time.monotonic() > deadline:
            raise SystemExit(f"{RPC_QUEUE}: not {count} consumers after {seconds:.0f} s")
        time.sleep(0.5)


def _instances(stack, wanted: int) -> None:
    """Start or stop the second instance so that ``wanted`` (1 or 2) consume the RPC queue. Each
    instance's operations endpoint is off (``OPS_PORT=0`` in ``stack.env``): no port clash."""
    if stack.consumers(RPC_QUEUE) == wanted:
        return
    if wanted == 2:
        stack.start_service("events", {**stack.env, "OPS_PORT": "0"}, name=SECOND)
    else:
        stack.stop_process(SECOND)
    _wait_for_consumers(stack, wanted)
    time.sleep(1)  # its relay and timers settle before the round


def exact(run: dict) -> bool:
    """Every booking created, confirmed + waitlisted = total, in the responses and the store."""
    half = run["total"] // 2
    return (
        run["created"] == run["total"]
        and run["confirmed"] + run["waitlisted"] == run["total"]
        and (run["stored_confirmed"], run["stored_waitlisted"]) == (half, run["total"] - half)
    )


def scale_out(stack, rounds: int, book_round: Callable[..., dict], say) -> dict:
    """``rounds`` rounds on each side, one instance first, then two first, and so on; ``book_round
    (stack, label)`` books one round. Returns each side's runs and median req/s."""
    runs: dict[str, list[dict]] = {"one": [], "two": []}
    say(f"scale-out: {rounds} rounds with one events instance and with two, in alternation")
    for n in range(rounds):
        for side in ("one", "two") if n % 2 == 0 else ("two", "one"):
            _instances(stack, 2 if side == "two" else 1)
            run = book_round(stack, f"scale-{side}-{n}")
            run["exact"] = exact(run)
            runs[side].append(run)
            say(
                f"scale-out round {n + 1} {side} instance(s): {run['rps']:.0f} req/s, "
                f"{run['created']}/{run['total']} created, {run['confirmed']} confirmed + "
                f"{run['waitlisted']} waitlisted (stored {run['stored_confirmed']}/"
                f"{run['stored_waitlisted']}); exact {'yes' if run['exact'] else 'NO'}"
            )
    stack.stop_process(SECOND)
    medians = {side: statistics.median(r["rps"] for r in runs[side]) for side in runs}
    say(
        f"scale-out: median {medians['one']:.0f} req/s with one instance, {medians['two']:.0f} "
        f"with two ({medians['two'] / medians['one']:.2f}x)"
    )
    return {**runs, "rps_median": medians}
