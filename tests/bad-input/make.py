#!/usr/bin/env python3
"""Writes one small file per class of bad input, and cases.json: for each file what it is and the
words a person must see about it, in the CLI (`heapscope summary FILE`: exit status 2, one line on
stderr) and in the app (the error's title and message). The core, CLI and browser tests all read
cases.json, so the three stay in step.

    python3 tests/bad-input/make.py        (writes into tests/bad-input/)

Every file derives from BASE, a valid snapshot with every section V8 and Chromium write.
"""
import gzip
import io
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))

META = {
    "node_fields": ["type", "name", "id", "self_size", "edge_count", "trace_node_id", "detachedness"],
    "node_types": [["hidden", "array", "string", "object", "code", "closure", "regexp", "number", "native",
                    "synthetic"], "string", "number", "number", "number", "number", "number"],
    "edge_fields": ["type", "name_or_index", "to_node"],
    "edge_types": [["context", "element", "property", "internal", "hidden", "shortcut", "weak"],
                   "string_or_number", "node"],
    "trace_function_info_fields": ["function_id", "name", "script_name", "script_id", "line", "column"],
    "trace_node_fields": ["id", "function_info_index", "count", "size", "children"],
    "sample_fields": ["timestamp_us", "last_assigned_id"],
    "location_fields": ["object_index", "script_id", "line", "column"],
}


def snapshot(meta=META, node_count=3, edge_count=2, nodes=None, edges=None, strings=None, header_extra=''):
    nodes = nodes or '9,0,1,0,1,0,0,3,1,3,24,1,1,0,2,2,5,16,0,1,0'
    edges = edges or '5,3,7,2,4,14'
    strings = strings or '"","Leaky","hello","global","x"'
    return ('{"snapshot":{"meta":%s,"node_count":%d,"edge_count":%d,"trace_function_count":1%s},\n'
            '"nodes":[%s],\n"edges":[%s],\n"trace_function_infos":[0,1,3,1,1,1],\n"trace_tree":[1,0,2,40,[]],\n'
            '"samples":[1000,5],\n"locations":[7,1,2,3],\n"scopes":[7,-1,0,0,0],\n"strings":[%s]}\n'
            % (json.dumps(meta, separators=(',', ':')), node_count, edge_count, header_extra, nodes, edges, strings))


BASE = snapshot()

# What the app shows as the error's title, by the kind of problem (crates/heapscope-web/src/protocol.rs).
NOT_A_SNAPSHOT = 'is not a heap snapshot'
DAMAGED = 'is damaged'
INCOMPLETE = 'is incomplete'
TOO_LARGE = 'is too large to analyse in the browser'

cases = []


def case(file, data, what, message, title, cli=None):
    """`message` must appear in the CLI's line and in the app's message; `cli` overrides it for the
    CLI when the CLI's answer differs (it has no memory limit)."""
    mode = 'wb'
    with open(os.path.join(HERE, file), mode) as f:
        f.write(data.encode('utf-8') if isinstance(data, str) else data)
    entry = {'file': file, 'what': what, 'message': message, 'app_title': title}
    if cli:
        entry['cli_message'] = cli
    cases.append(entry)


def cut_inside(key):
    """BASE cut in the middle of the value of `key`."""
    start = BASE.index('"%s":' % key) + len(key) + 3
    end = BASE.index('\n', start)
    return BASE[:(start + end) // 2 + 1]


def gz(text):
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode='wb', mtime=0) as f:
        f.write(text.encode())
    return buf.getvalue()


case('empty.heapsnapshot', '', 'an empty file', 'the file is empty', NOT_A_SNAPSHOT)
case('text.heapsnapshot', 'Error: heap out of memory\n', 'text that is not JSON', "starts with 'E'", NOT_A_SNAPSHOT)
case('binary.heapsnapshot', b'\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR', 'a binary file (PNG)', 'starts with byte 0x89',
     NOT_A_SNAPSHOT)
case('object.json', '{"name":"heapscope","version":"1.0.0"}\n', 'JSON that is not a heap snapshot',
     'has no "snapshot" header', NOT_A_SNAPSHOT)
case('array.json', '[{"pid":1,"ph":"X","name":"Task"}]\n', 'a JSON array (trace events)', 'this is a JSON array',
     NOT_A_SNAPSHOT)
case('profile.cpuprofile', '{"nodes":[{"id":1,"callFrame":{"functionName":"(root)","scriptId":"0","url":"",'
     '"lineNumber":-1,"columnNumber":-1},"hitCount":0,"children":[]}],"startTime":1,"endTime":2,"samples":[],'
     '"timeDeltas":[]}\n', 'a CPU profile dropped as a snapshot', 'this is a CPU profile', NOT_A_SNAPSHOT)
case('sampling.heaptimeline', '{"head":{"callFrame":{"functionName":"(root)","scriptId":"0","url":"",'
     '"lineNumber":-1,"columnNumber":-1},"selfSize":0,"id":1,"children":[]},"samples":[]}\n',
     'a sampling heap profile saved as .heaptimeline', 'this is a sampling heap profile', NOT_A_SNAPSHOT)
case('trace.json', '{"traceEvents":[{"pid":1,"ph":"M"}],"metadata":{}}\n', 'a performance trace',
     'this is a performance trace', NOT_A_SNAPSHOT)
for key in ['snapshot', 'nodes', 'edges', 'trace_function_infos', 'trace_tree', 'samples', 'locations', 'scopes',
            'strings']:
    case('cut-in-%s.heapsnapshot' % key, cut_inside(key), 'truncated inside "%s"' % key,
         'the snapshot is truncated: the file ends', INCOMPLETE)
case('partial-record.heapsnapshot', snapshot(nodes='9,0,1,0,1,0,0,3,1,3,24,1,1,0,2,2,5,16,0,1'),
     'a nodes array that is not whole records', 'not a whole number of 7-field node records', DAMAGED)
case('edge-sum.heapsnapshot', snapshot(nodes='9,0,1,0,2,0,0,3,1,3,24,1,1,0,2,2,5,16,0,1,0'),
     'edge_count fields that add up to more than the edges', "edge_count fields add up to 3 edges but", DAMAGED)
case('surplus-edges.heapsnapshot', snapshot(edges='5,3,7,2,4,14,2,4,14'), 'more edges than the nodes announce',
     'holds more edges than', DAMAGED)
case('edge-outside.heapsnapshot', snapshot(edges='5,3,7,2,4,21'), 'an edge pointing past the last node',
     'past the last of the 3 nodes', DAMAGED)
case('edge-misaligned.heapsnapshot', snapshot(edges='5,3,7,2,4,15'), 'an edge not pointing at a node boundary',
     'not at a node boundary', DAMAGED)
case('lying-header.heapsnapshot', snapshot(node_count=4000000000), 'a header announcing 4 billion nodes',
     'the header is corrupt', DAMAGED)
meta = dict(META, node_fields=[f for f in META['node_fields'] if f != 'id'])
case('no-id-field.heapsnapshot', snapshot(meta=meta), 'meta without the "id" node field',
     'meta.node_fields has no "id" field', DAMAGED)
case('no-meta.heapsnapshot', BASE.replace('"meta":%s,' % json.dumps(META, separators=(',', ':')), ''),
     'a header without meta', 'missing field `meta`', DAMAGED)
case('bad-escape.heapsnapshot', snapshot(strings=r'"","Le\xaky","hello","global","x"'),
     'an invalid escape in a string', "an escape character after '\\' in the \"strings\" section but found 'x'",
     DAMAGED)
case('bad-unicode-escape.heapsnapshot', snapshot(strings=r'"","Le\u00G1ky","hello","global","x"'),
     'an invalid \\u escape', "a hex digit in a \\u escape", DAMAGED)
corrupt = bytearray(gz(BASE * 1))
for i in range(30, 60):
    corrupt[i] ^= 0x55
case('corrupt.heapsnapshot.gz', bytes(corrupt), 'a corrupt gzip stream', 'the gzip data is corrupt', DAMAGED)
case('cut.heapsnapshot.gz', gz(BASE)[:-40], 'a gzip stream cut short', 'the gzip data is corrupt or cut short',
     DAMAGED)
# A header announcing 60 million nodes (4 GiB to analyse) in a file the tests extend to 1 GB with
# zero bytes (sparse on disk): the app refuses it right after the header; the CLI, which has no
# memory limit, reads on and stops at the first zero byte.
with open(os.path.join(HERE, 'too-large.header'), 'w') as f:
    f.write('{"snapshot":{"meta":%s,"node_count":60000000,"edge_count":0,"trace_function_count":0},\n"nodes":['
            % json.dumps(META, separators=(',', ':')))
cases.append({'file': 'too-large.heapsnapshot', 'header': 'too-large.header', 'size': 1_000_000_000,
              'what': 'a snapshot too large for the tab', 'message': 'analyse it with the command-line tool',
              'app_title': TOO_LARGE, 'cli_message': 'found byte 0x00'})

with open(os.path.join(HERE, 'cases.json'), 'w') as f:
    json.dump(cases, f, indent=1)
    f.write('\n')
print('wrote', len(cases), 'cases')
