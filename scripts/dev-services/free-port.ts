import net from "node:net";

/**
 * Asks the kernel for a free TCP port on 127.0.0.1. The port is released before returning, so a
 * race with another process is possible but unlikely; callers that bind it fail loudly if it is.
 */
export async function getFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error("could not determine a free port"));
      });
    });
  });
}
