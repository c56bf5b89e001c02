// Converts a parquet file (stdin path arguments) to JSON lines on stdout with hyparquet (pure JavaScript), for
// build_public.py where pyarrow is not installed. Offline data preparation only; not part of the build.
// Usage: NODE_PATH=/tmp/pq/node_modules node parquet_to_jsonl.mjs FILE.parquet > FILE.jsonl
//   (after `npm install hyparquet@1.33.0` in /tmp/pq, outside the repository)
import { createRequire } from 'node:module'
const require = createRequire(process.env.NODE_PATH ? process.env.NODE_PATH + '/' : import.meta.url)
const { asyncBufferFromFile, parquetReadObjects } = await import(require.resolve('hyparquet'))
for (const path of process.argv.slice(2)) {
  const rows = await parquetReadObjects({ file: await asyncBufferFromFile(path) })
  for (const r of rows) {
    process.stdout.write(JSON.stringify(r, (k, v) => (typeof v === 'bigint' ? Number(v) : v)) + '\n')
  }
}
