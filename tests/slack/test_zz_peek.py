from tests.slack.test_modal import *  # noqa
async def test_peek(endpoint, bot_app):
    view = await open_modal(endpoint)
    page2 = (await submit(endpoint, view, VALID))["view"]
    await endpoint.interaction(submission(page2, {"title": "Språk i barnehagen"}, kind="view_closed"))
    await endpoint.fake.wait_for_async("chat.postMessage")
    await endpoint.event(dm_event("fortsett", client_msg_id="m-resume-1"), event_id="Ev-resume-1")
    await endpoint.fake.wait_for_async("chat.postMessage", count=2)
    await endpoint.event(dm_event("fortsett", ts="1764300000.000101", client_msg_id="m-resume-2"), event_id="Ev-resume-2")
    for c in await endpoint.fake.wait_for_async("chat.postMessage", count=3):
        print("----\n" + block_text(c.params))
