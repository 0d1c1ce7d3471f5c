"""A fake network and a fake clock for the source client: no test touches the internet."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from lagesbild.official.client import HttpRequest, HttpResponse


@dataclass
class FakeClock:
    """A clock that only moves when someone sleeps."""

    now: datetime = datetime(2026, 8, 22, 12, 0, tzinfo=UTC)
    slept: list[float] = field(default_factory=list)

    def __call__(self) -> datetime:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += timedelta(seconds=seconds)


@dataclass
class FakeTransport:
    """Answer requests from a script: a list of responses (or exceptions) per URL, in turn."""

    answers: dict[str, list[HttpResponse | Exception]]
    clock: FakeClock | None = None
    requests: list[HttpRequest] = field(default_factory=list)
    times: list[datetime] = field(default_factory=list)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        self.requests.append(request)
        if self.clock is not None:
            self.times.append(self.clock())
        queue = self.answers.get(request.url)
        if not queue:
            return HttpResponse(404, b"")
        answer = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(answer, Exception):
            raise answer
        return answer


@dataclass
class ClockedTransport(FakeTransport):
    """A fake network that always has its clock, so a test can move the clock it reads."""

    clock: FakeClock = field(default_factory=FakeClock)


def serving(url: str, body: bytes) -> Callable[[HttpRequest], HttpResponse]:
    """Return a transport that answers 200 with ``body`` at ``url``."""
    return FakeTransport({url: [HttpResponse(200, body)]})
