#!/usr/bin/env python3
"""A freedesktop notification server for tests (jeepney, on the session bus).

It records every Notify call as a JSON line in RECORD_FILE (with the wall-clock time it arrived),
and every CloseNotification as {"closed": id},
and, after replying to the N-th Notify, emits ActionInvoked for the N-th action given with
--actions (comma-separated; "-" for none): first for a foreign id (9999), which the daemon must
ignore, then for the real one. Runs until killed.

With --hang it records Notify calls but never answers them (a server that hangs). With --markup
it says it shows body markup, links and images (as dunst and GNOME do); --name sets the name
GetServerInformation gives (default "fake").

Usage: fake_notification_server.py RECORD_FILE [--actions snooze,done] [--no-actions-capability] [--hang] [--markup] [--name NAME]
"""
import json
import sys
import time

from jeepney import DBusAddress, HeaderFields, MessageType, new_method_return, new_signal
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

PATH = "/org/freedesktop/Notifications"
NAME = "org.freedesktop.Notifications"


def main():
    record_file = sys.argv[1]
    actions = []
    if "--actions" in sys.argv:
        actions = sys.argv[sys.argv.index("--actions") + 1].split(",")
    capabilities = ["body"] if "--no-actions-capability" in sys.argv else ["actions", "body"]
    if "--markup" in sys.argv:
        capabilities += ["body-markup", "body-hyperlinks", "body-images"]
    server_name = sys.argv[sys.argv.index("--name") + 1] if "--name" in sys.argv else "fake"
    hang = "--hang" in sys.argv
    connection = open_dbus_connection(bus="SESSION")
    reply = connection.send_and_get_reply(message_bus.RequestName(NAME, 4))
    if reply.body[0] != 1:
        sys.exit("could not own " + NAME)
    print("ready", flush=True)
    emitter = DBusAddress(PATH, interface=NAME)
    next_id = 1
    while True:
        message = connection.receive()
        if message.header.message_type != MessageType.method_call:
            continue
        member = message.header.fields.get(HeaderFields.member)
        if member == "GetCapabilities":
            connection.send(new_method_return(message, "as", (capabilities,)))
        elif member == "GetServerInformation":
            connection.send(new_method_return(message, "ssss", (server_name, "connectd-tests", "1", "1.2")))
        elif member == "CloseNotification":
            connection.send(new_method_return(message))
            with open(record_file, "a") as record:
                record.write(json.dumps({"closed": message.body[0], "time": time.time()}) + "\n")
        elif member == "Notify":
            arrived = time.time()
            app, _replaces, _icon, summary, body, buttons, hints, timeout = message.body
            notification_id = next_id
            next_id += 1
            if not hang:
                connection.send(new_method_return(message, "u", (notification_id,)))
            with open(record_file, "a") as record:
                record.write(json.dumps({"id": notification_id, "app": app, "summary": summary, "body": body,
                                         "actions": list(buttons), "urgency": hints.get("urgency", (None, None))[1],
                                         "time": arrived}) + "\n")
            index = notification_id - 1
            if index < len(actions) and actions[index] != "-":
                connection.send(new_signal(emitter, "ActionInvoked", "us", (9999, actions[index])))
                connection.send(new_signal(emitter, "ActionInvoked", "us", (notification_id, actions[index])))
        else:
            connection.send(new_method_return(message))


if __name__ == "__main__":
    main()
