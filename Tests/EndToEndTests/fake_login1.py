#!/usr/bin/env python3
"""A small org.freedesktop.login1 for tests (jeepney), on a private bus that stands in for the
system bus. It answers what connectd asks (Manager.GetUser, the user's Display, the session's
LockedHint and IdleHint) and reads commands on stdin, one per line, that the test sends:

    lock | unlock | idle | active   set the hint and emit PropertiesChanged on the session
    sleep | wake                    emit PrepareForSleep(true/false) on the manager

It prints "ready" once it owns the name and "ok <command>" after each command. Runs until stdin
closes or it is killed.
"""
import os
import select
import sys

from jeepney import DBusAddress, HeaderFields, MessageType, new_error, new_method_return, new_signal
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

NAME = "org.freedesktop.login1"
MANAGER = "/org/freedesktop/login1"
USER = "/org/freedesktop/login1/user/_1000"
SESSION = "/org/freedesktop/login1/session/_31"


def main():
    connection = open_dbus_connection(bus="SESSION")
    if connection.send_and_get_reply(message_bus.RequestName(NAME, 4)).body[0] != 1:
        sys.exit("could not own " + NAME)
    state = {"LockedHint": "--locked" in sys.argv, "IdleHint": False}
    print("ready", flush=True)
    session = DBusAddress(SESSION, interface="org.freedesktop.DBus.Properties")
    manager = DBusAddress(MANAGER, interface="org.freedesktop.login1.Manager")
    pending = b""
    while True:
        readable, _, _ = select.select([connection.sock, sys.stdin.fileno()], [], [], 1.0)
        if sys.stdin.fileno() in readable:
            chunk = os.read(sys.stdin.fileno(), 4096)
            if not chunk:
                return
            pending += chunk
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                command = line.decode().strip()
                if command in ("lock", "unlock", "idle", "active"):
                    key = "LockedHint" if command in ("lock", "unlock") else "IdleHint"
                    state[key] = command in ("lock", "idle")
                    connection.send(new_signal(session, "PropertiesChanged", "sa{sv}as",
                                               ("org.freedesktop.login1.Session", {key: ("b", state[key])}, [])))
                elif command in ("sleep", "wake"):
                    connection.send(new_signal(manager, "PrepareForSleep", "b", (command == "sleep",)))
                print("ok " + command, flush=True)
        if connection.sock in readable:
            # jeepney may have read more than one message: take all it has.
            while True:
                try:
                    message = connection.receive(timeout=0.01)
                except TimeoutError:
                    break
                answer(connection, message, state)


def answer(connection, message, state):
    if message.header.message_type != MessageType.method_call:
        return
    member = message.header.fields.get(HeaderFields.member)
    path = message.header.fields.get(HeaderFields.path)
    if member == "GetUser":
        connection.send(new_method_return(message, "o", (USER,)))
    elif member == "Get" and path == USER and message.body[1] == "Display":
        connection.send(new_method_return(message, "v", (("(so)", ("31", SESSION)),)))
    elif member == "Get" and path == SESSION and message.body[1] in state:
        connection.send(new_method_return(message, "v", (("b", state[message.body[1]]),)))
    else:
        connection.send(new_error(message, "org.freedesktop.DBus.Error.UnknownMethod", "s", ("not in the fake",)))

if __name__ == "__main__":
    main()
