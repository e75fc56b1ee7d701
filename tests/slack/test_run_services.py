"""`serve` runs its services together: a stop ends all cleanly, one failing service ends the rest."""

from __future__ import annotations

import asyncio

from bot.commands.serve import run_services


class Recorder:
    """A service that runs until asked to stop (or fails after ``fail_after`` seconds)."""

    def __init__(self, name: str, fail_after: float | None = None) -> None:
        self.name = name
        self.fail_after = fail_after
        self.stopped_cleanly = False

    async def run(self, stop: asyncio.Event) -> None:
        if self.fail_after is not None:
            await asyncio.sleep(self.fail_after)
            raise RuntimeError(f"{self.name} broke")
        await stop.wait()
        self.stopped_cleanly = True


async def test_a_stop_ends_every_service_with_code_0() -> None:
    services = [Recorder("a"), Recorder("b")]
    stop = asyncio.Event()
    running = asyncio.create_task(run_services(services, stop))
    await asyncio.sleep(0.05)
    stop.set()
    assert await asyncio.wait_for(running, 5) == 0
    assert all(service.stopped_cleanly for service in services)


async def test_one_failing_service_stops_the_others_with_code_1() -> None:
    healthy = Recorder("healthy")
    code = await asyncio.wait_for(run_services([healthy, Recorder("broken", fail_after=0.05)]), 5)
    assert code == 1
    assert healthy.stopped_cleanly
