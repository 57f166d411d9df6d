#!/usr/bin/env python3
"""Self and total time per function of a .cpuprofile, computed straight from the raw file with no
Heapscope code: an independent reference for `heapscope profile`.

Rule (as DevTools' flame chart draws a profile): sample i is the stack of node samples[i] from
timestamp t_i (t_0 = startTime + timeDeltas[0], t_i = t_{i-1} + timeDeltas[i]) to t_{i+1}; the last
one lasts until endTime. A function is (functionName, url, lineNumber, columnNumber); its self time
is the time of samples whose top node is that function, its total time that of samples with the
function anywhere on the stack (counted once per sample when it recurses). Lines and columns are
printed 1-based. hitCount is not used (it does not always agree with samples).

Usage: ref-cpuprofile.py FILE.cpuprofile > OUT.json"""
import json, sys
from collections import defaultdict

p = json.load(open(sys.argv[1]))
nodes = {n['id']: n for n in p['nodes']}
parent = {}
for n in p['nodes']:
    for c in n.get('children', []):
        parent[c] = n['id']
def key(n):
    cf = n['callFrame']
    return (cf['functionName'], cf['url'], cf['lineNumber'], cf['columnNumber'])
samples, deltas = p['samples'], p['timeDeltas']
times = []
t = p['startTime']
for d in deltas:
    t += d
    times.append(t)
self_us, total_us = defaultdict(float), defaultdict(float)
for i, s in enumerate(samples):
    end = times[i + 1] if i + 1 < len(samples) else p['endTime']
    dur = max(0, end - times[i])
    self_us[key(nodes[s])] += dur
    seen, n = set(), s
    while n is not None:
        k = key(nodes[n])
        if k not in seen:
            seen.add(k)
            total_us[k] += dur
        n = parent.get(n)
rows = [{'name': k[0], 'url': k[1], 'line': k[2] + 1, 'column': k[3] + 1,
         'self_ms': self_us[k] / 1000, 'total_ms': total_us[k] / 1000} for k in total_us]
rows.sort(key=lambda r: (-r['self_ms'], -r['total_ms'], r['name']))
print(json.dumps({'tool': 'tests/gen/ref-cpuprofile.py (independent of Heapscope)',
                  'file': sys.argv[1].split('/')[-1], 'duration_ms': (p['endTime'] - p['startTime']) / 1000,
                  'samples': len(samples), 'functions': rows}, indent=1))
