/**
 * s3rver in a process of its own, so `npm run reliability` can stop the store like an outage does
 * (SIGKILL: connections reset mid-request) and start it again on the same port and data.
 * Arguments: <dataDir> <port> <bucket> <allowedOrigin>. Prints `ready <port>` once it listens.
 */
import { startLocalS3 } from "../dev-services";

async function main(): Promise<void> {
  const [dataDir, port, bucket, origin] = process.argv.slice(2);
  if (!dataDir || !port || !bucket || !origin) throw new Error("usage: s3-server.ts <dataDir> <port> <bucket> <allowedOrigin>");
  const s3 = await startLocalS3({ dataDir, port: Number(port), bucket, allowedOrigins: [origin] });
  console.log(`ready ${s3.port}`);
  const stop = () => void s3.stop().finally(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
