#!/usr/bin/env python3
"""The official Python MCP SDK (PyPI `mcp`) as an outside client of `connectctl mcp`.

    mcp_client.py session CONNECTCTL SOCKET PERSON   initialize, list tools, prompts and templates,
        prepare a catch-up with PERSON (the prompt), call every tool, log an interaction and add a
        follow-up; each tool's arguments are checked against its input schema and each result
        against its output schema. Prints one JSON object; writes a readable transcript to stderr.
    mcp_client.py hostile CONNECTCTL SOCKET   raw JSON-RPC lines: malformed JSON, an unknown method,
        an unknown tool, huge arguments; then checks that the server still answers. Prints JSON.
"""
import asyncio
import json
import subprocess
import sys
import time

import jsonschema
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


def say(text):
    print(text, file=sys.stderr, flush=True)


def content_text(result):
    return "\n".join(block.text for block in result.content if getattr(block, "type", "") == "text")


async def session(ctl, sock, person):
    out = {"calls": {}}
    params = StdioServerParameters(command=ctl, args=["mcp", "--socket", sock])
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as client:
            init = await client.initialize()
            out["server"] = init.server_info.name
            out["protocol"] = init.protocol_version
            say(f"> initialize\n< {init.server_info.name} {init.server_info.version}, protocol {init.protocol_version}")
            tools = {tool.name: tool for tool in (await client.list_tools()).tools}
            out["tools"] = sorted(tools)
            say("> tools/list\n< " + ", ".join(sorted(tools)))
            for tool in tools.values():
                jsonschema.Draft202012Validator.check_schema(tool.input_schema)
                jsonschema.Draft202012Validator.check_schema(tool.output_schema)
            prompts = (await client.list_prompts()).prompts
            out["prompts"] = [p.name for p in prompts]
            templates = (await client.list_resource_templates()).resource_templates
            out["templates"] = [t.uri_template for t in templates]

            prompt = await client.get_prompt("prepare_catch_up", {"person": person})
            text = prompt.messages[0].content.text
            out["prompt"] = text
            say(f"> prompts/get prepare_catch_up {{person: {person!r}}}\n< {prompt.description}\n" + "\n".join("  " + l for l in text.split("\n")))

            shown = await call(client, tools, "show_person", {"person": person}, out)
            person_id = shown.structured_content["person"]["id"]
            resource = await client.read_resource(f"connectd://person/{person_id}")
            out["resource"] = json.loads(resource.contents[0].text)["person"]["name"]
            await call(client, tools, "due", {"limit": 5}, out)
            await call(client, tools, "search", {"text": "sourdough"}, out)
            await call(client, tools, "week_review", {}, out)
            await call(client, tools, "proposals", {}, out)
            await call(client, tools, "accept", {"all": True}, out)
            await call(client, tools, "log_interaction",
                       {"person": person, "kind": "coffee", "note": "talked about her sourdough starter", "next": ["send the bread book"]}, out)
            await call(client, tools, "add_follow_up", {"person": person, "text": "ask how the move went"}, out)
            await call(client, tools, "snooze", {"person": person, "duration": "3d"}, out)
            await call(client, tools, "plan", {"person": person, "kind": "lunch", "when": "in 9 days 12:30", "place": "Café Central"}, out)
            await call(client, tools, "planned", {}, out)
            refused = await client.call_tool("show_person", {"person": "nobody-like-this"})
            out["refused"] = {"isError": refused.is_error, "text": content_text(refused)}
            say(f"> tools/call show_person {{person: 'nobody-like-this'}}\n< error: {content_text(refused)}")
            unknown = await client.call_tool("frobnicate", {})
            out["unknownTool"] = {"isError": unknown.is_error, "text": content_text(unknown)}
    return out


async def call(client, tools, name, arguments, out):
    jsonschema.validate(arguments, tools[name].input_schema)
    result = await client.call_tool(name, arguments)
    if result.is_error:
        raise SystemExit(f"{name} failed: {content_text(result)}")
    jsonschema.validate(result.structured_content, tools[name].output_schema)
    out["calls"][name] = {"text": content_text(result), "structured": result.structured_content}
    text = content_text(result)
    say(f"> tools/call {name} {json.dumps(arguments, ensure_ascii=False)}\n< {text if len(text) < 400 else text[:400] + ' …'}")
    return result


def hostile(ctl, sock):
    server = subprocess.Popen([ctl, "mcp", "--socket", sock], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def send(obj_or_text):
        line = obj_or_text if isinstance(obj_or_text, str) else json.dumps(obj_or_text)
        server.stdin.write(line.encode() + b"\n")
        server.stdin.flush()

    def receive():
        line = server.stdout.readline()
        if not line:
            raise SystemExit("the server closed its output")
        return json.loads(line)

    try:
        return hostile_session(server, send, receive)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


def hostile_session(server, send, receive):
    out = {}
    send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "hostile", "version": "0"}}})
    out["initialize"] = "result" in receive()
    send({"jsonrpc": "2.0", "method": "notifications/initialized"})
    send("{this is not json")
    out["malformed"] = receive()
    send({"jsonrpc": "2.0", "id": 2, "method": "no/such/method"})
    out["unknownMethod"] = receive()
    send({"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": "nope", "arguments": {}}})
    out["unknownTool"] = receive()
    started = time.time()
    send({"jsonrpc": "2.0", "id": 4, "method": "tools/call", "params": {"name": "search", "arguments": {"text": "x" * 2_000_000}}})
    out["huge"] = receive()
    out["hugeSeconds"] = time.time() - started
    send({"jsonrpc": "2.0", "id": 7, "method": "tools/call", "params": {"name": "search", "arguments": {"text": "x" * 200_000}}})
    out["large"] = receive()
    send({"jsonrpc": "2.0", "id": 5, "method": "tools/call", "params": {"name": "due", "arguments": {"limit": "many"}}})
    out["badArgument"] = receive()
    send({"jsonrpc": "2.0", "id": 6, "method": "tools/list"})
    out["stillAnswers"] = len(receive().get("result", {}).get("tools", []))
    server.stdin.close()
    out["exit"] = server.wait(timeout=10)
    return out


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "session":
        print(json.dumps(asyncio.run(session(sys.argv[2], sys.argv[3], sys.argv[4])), ensure_ascii=False))
    elif mode == "hostile":
        print(json.dumps(hostile(sys.argv[2], sys.argv[3])))
    else:
        sys.exit(__doc__)
