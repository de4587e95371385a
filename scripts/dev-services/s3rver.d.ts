// s3rver ships no types; this covers the part of its API that scripts/dev-services uses.
declare module "s3rver" {
  import type { AddressInfo } from "node:net";

  interface S3rverBucketConfig {
    name: string;
    /** XML documents: CORSConfiguration or WebsiteConfiguration. */
    configs?: Array<string | Buffer>;
  }

  interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory?: string;
    resetOnClose?: boolean;
    vhostBuckets?: boolean;
    allowMismatchedSignatures?: boolean;
    configureBuckets?: S3rverBucketConfig[];
  }

  class S3rver {
    constructor(options?: S3rverOptions);
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
    /** Set by run(); close() closes it (and waits for open connections). */
    httpServer?: import("node:http").Server;
  }

  export = S3rver;
}
