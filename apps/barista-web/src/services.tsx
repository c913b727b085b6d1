/** What views need from the outside world, injected once so tests can pass fakes. */
import { createContext, type ReactNode, useContext } from "react";
import type { ApiClient } from "./api/api-client.js";
import type { StaffAuth } from "./auth/staff-auth.js";
import type { RealtimeSource } from "./realtime/realtime-source.js";

export interface Services {
  api: ApiClient;
  realtime: RealtimeSource;
  /** Staff sign-in: local accounts through the API, or Cognito in AWS. */
  auth: StaffAuth;
  /** Milliseconds since the epoch (tests pin it). */
  now(): number;
  /** Where the key/value sessions live (localStorage in the browser). */
  storage: Storage;
  /** The site's origin, for the links the QR code encodes. */
  origin: string;
}

const ServicesContext = createContext<Services | undefined>(undefined);

export function ServicesProvider({
  services,
  children,
}: {
  services: Services;
  children: ReactNode;
}) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error("useServices outside ServicesProvider");
  return services;
}
