"""When ``make run`` restarts a process that died, as compose's ``restart: unless-stopped``
does: at once the first time, then after 1, 2, 4 ... seconds (at most ``longest``), the wait
starting again from nothing once the process has stayed up ``settled`` seconds.

>>> policy = Restarts(longest=8.0, settled=60.0)
>>> [policy.died("events", at=t) for t in (0.0, 1.0, 2.0, 3.0, 4.0, 5.0)]
[0.0, 1.0, 2.0, 4.0, 8.0, 8.0]
>>> policy.died("events", at=100.0)  # up for a while: counted afresh
0.0
"""

from dataclasses import dataclass, field


@dataclass
class Restarts:
    longest: float = 30.0
    settled: float = 60.0
    _deaths: dict[str, int] = field(default_factory=dict)
    _last: dict[str, float] = field(default_factory=dict)

    def died(self, name: str, at: float) -> float:
        """Seconds to wait before starting ``name`` again, having died at ``at``."""
        if at - self._last.get(name, at) >= self.settled:
            self._deaths[name] = 0
        deaths = self._deaths.get(name, 0)
        self._deaths[name] = deaths + 1
        self._last[name] = at
        return 0.0 if deaths == 0 else min(self.longest, 2.0 ** (deaths - 1))

    def count(self, name: str) -> int:
        """How often ``name`` has died since it last settled."""
        return self._deaths.get(name, 0)
