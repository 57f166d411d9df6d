// The analysis worker's file reader (crates/heapscope-web/src/worker/read.rs). The browser fills a
// slice's ArrayBuffer on the thread that asked for it, so slices the analysis worker requests do not
// progress while it parses; this worker reads them instead and transfers each one there.
// Messages in: {job, blob, first, chunk, ahead} starts a job (abandoning any other): a slice of
// `first` bytes, each next one twice the last, up to `chunk` (FIRST_SLICE_BYTES in
// crates/heapscope-web/src/protocol.rs says why); {job} returns one credit (a slice taken).
// Out, in order: {job, buf} (transferred) per slice, or {job, error}.
// It reads at most `ahead` slices beyond what the analysis worker has taken: never the whole file.
let cur = null;
onmessage = ({ data: m }) => {
  if (m.blob) {
    cur = { job: m.job, blob: m.blob, size: m.first, chunk: m.chunk, next: 0, credit: m.ahead, chain: Promise.resolve() };
    pump(cur);
  } else if (cur && m.job === cur.job) {
    cur.credit++;
    pump(cur);
  }
};
function pump(j) {
  while (j === cur && j.credit > 0 && j.next < j.blob.size) {
    j.credit--;
    const end = Math.min(j.next + j.size, j.blob.size);
    j.size = Math.min(j.size * 2, j.chunk);
    const read = j.blob.slice(j.next, end).arrayBuffer();
    j.next = end;
    j.chain = j.chain.then(() => read).then(
      (buf) => { if (j === cur) postMessage({ job: j.job, buf }, [buf]); },
      (e) => { if (j === cur) { cur = null; postMessage({ job: j.job, error: String((e && e.message) || e) }); } });
  }
}
