#!/usr/bin/env python3
"""An outside peer of connectd's socket protocol: the PyPI `varlink` client (31.0.0).

Usage: varlink_peer.py SOCKET. Exits 0 and prints 'PASS varlink peer' when every check holds.
"""
import sys

import varlink


def main(socket_path):
    with varlink.Client(address="unix:" + socket_path) as client:
        with client.open("org.varlink.service") as service:
            info = service.GetInfo()
            assert info["product"] == "connectd", info
            assert "io.connectd" in info["interfaces"], info
        # open() fetches and parses our interface description with the client's own IDL parser.
        with client.open("io.connectd") as connectd:
            added = connectd.AddPerson(name="Ada Lovelace", every="2w", met="PyCon", tags=["python"])
            assert added["person"]["name"] == "Ada Lovelace", added
            assert added["person"]["cadence"] == "2w", added
            connectd.AddPerson(name="Grace Hopper", every="1w")
            connectd.LogInteraction(person="grace", kind="call", at="20 days ago", note="compilers")
            due = connectd.Due()
            assert [p["name"] for p in due["people"]] == ["Grace Hopper"], due
            try:
                connectd.AddPerson(name="Alan Turing", every="whenever")
                raise AssertionError("a bad cadence was accepted")
            except varlink.VarlinkError as error:
                assert error.error() == "org.varlink.service.InvalidParameter", error.error()
                assert error.parameters()["parameter"] == "every", error.parameters()
            try:
                connectd.ShowPerson(person="nobody")
                raise AssertionError("an unknown person was found")
            except varlink.VarlinkError as error:
                assert error.error() == "io.connectd.PersonNotFound", error.error()
    print("PASS varlink peer")


if __name__ == "__main__":
    main(sys.argv[1])
