// dynalite ships no types; this is the part of its API that this package uses.
declare module "dynalite" {
  import type { Server } from "node:http";

  interface DynaliteOptions {
    path?: string;
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
    maxItemSizeKb?: number;
    /**
     * Added by patches/dynalite@4.0.0.patch: how long a TransactWriteItems ClientRequestToken
     * makes a repeated request answer the first one's, in ms (DynamoDB's ten minutes unless set).
     */
    transactionTokenWindowMs?: number;
  }
  interface DynaliteServer extends Server {
    /**
     * Added by patches/dynalite@4.0.0.patch: resolves once the database is open, or rejects with
     * why it cannot be (its `cause` names the file and the system's reason).
     */
    openStore(): Promise<void>;
  }
  export default function dynalite(options?: DynaliteOptions): DynaliteServer;
}
