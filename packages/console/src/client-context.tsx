/** The runtime client the views use: the real one in the page, a stub in tests. */
import { createContext, type ReactNode, useContext } from "react";
import { type RuntimeClient, runtimeClient } from "./api/runtime-client.js";

const ClientContext = createContext<RuntimeClient>(runtimeClient());

export function ClientProvider({
  client,
  children,
}: {
  client: RuntimeClient;
  children: ReactNode;
}) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

export const useClient = () => useContext(ClientContext);
