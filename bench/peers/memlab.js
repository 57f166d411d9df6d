// Loads a snapshot with MemLab (parse, dominators and retained sizes), as `memlab analyze` does first.
// Usage: node --max-old-space-size=16000 memlab.js FILE
'use strict';
const { getFullHeapFromFile } = require('@memlab/heap-analysis');
getFullHeapFromFile(process.argv[2]).then(heap => {
  let total = 0;
  heap.nodes.forEach(n => { total += n.self_size; });
  console.log(JSON.stringify({ nodes: heap.nodes.length, total }));
});
