"""Notification: the durable outbox, routing, rendering per channel, delivery through apprise."""

from monitor.notify.deliver import Notifier
from monitor.notify.probe import test_notify
from monitor.notify.render import Rendered, render, render_digest
from monitor.notify.worker import Outbox

__all__ = ["Notifier", "Outbox", "Rendered", "render", "render_digest", "test_notify"]
