"""A browser-less Streamlit session: Streamlit's own websocket protocol, as a browser speaks it.

Used by tests that need a real server but no browser (two servers on one store) and by the
load benchmark. A view sends a ``rerun_script`` BackMsg (page, query string, widget values)
and reads ForwardMsgs until the server's ``script_finished``.
"""

from __future__ import annotations

import asyncio

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

VIEW_TIMEOUT_S = 300
FINISHED, EARLY_FOR_RERUN = 0, 2


def stream_url(base_url: str) -> str:
    """The websocket endpoint of a server at ``http://host:port``."""
    return base_url.replace("http", "ws", 1) + "/_stcore/stream"


class Session:
    """One browser-less Streamlit session on a websocket."""

    def __init__(self, ws):
        self.ws = ws
        self.widgets: dict[str, str] = {}  # widget key -> widget id, as the server named them

    async def view(self, page: str, query: str = "", states: dict | None = None) -> list[str]:
        """Run a page (with widget values) to its end; returns the exceptions and the
        ``st.error`` messages it showed."""
        msg = BackMsg()
        msg.rerun_script.query_string = query
        msg.rerun_script.page_name = page
        for key, (field, value) in (states or {}).items():
            widget = msg.rerun_script.widget_states.widgets.add()
            widget.id = self.widgets[key]
            setattr(widget, field, value)
        await self.ws.send(msg.SerializeToString())
        errors: list[str] = []
        while True:
            fm = ForwardMsg()
            fm.ParseFromString(await asyncio.wait_for(self.ws.recv(), VIEW_TIMEOUT_S))
            kind = fm.WhichOneof("type")
            if kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                element = fm.delta.new_element
                which = element.WhichOneof("type")
                if which == "exception":
                    errors.append(element.exception.message)
                elif which == "alert" and element.alert.format == Alert.Format.ERROR:
                    errors.append(element.alert.body)
                widget_id = getattr(getattr(element, which), "id", "")
                if widget_id.startswith("$$ID-"):
                    self.widgets[widget_id.rsplit("-", 1)[-1]] = widget_id
            elif kind == "script_finished":
                if fm.script_finished == FINISHED:
                    return errors
                if fm.script_finished != EARLY_FOR_RERUN:
                    return [*errors, f"script finished with status {fm.script_finished}"]
