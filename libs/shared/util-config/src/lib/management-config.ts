/** Where an app's management server (metrics, detailed health) listens. */
export interface ManagementAddress {
  port: number;
  host: string;
}

/** The management server's address: its own port, on MANAGEMENT_HOST or else the app's HOST. */
export function managementAddressOf(
  config: { HOST: string; MANAGEMENT_HOST?: string },
  port: number,
): ManagementAddress {
  return { port, host: config.MANAGEMENT_HOST ?? config.HOST };
}

/**
 * The problem with ports that must differ (an app's public and management ports), naming the
 * first two that are the same; false when all differ, for the apps' lists of problems.
 */
export function samePortProblem(ports: Readonly<Record<string, number>>): string | false {
  const seen = new Map<number, string>();
  for (const [name, port] of Object.entries(ports)) {
    const other = seen.get(port);
    if (other) return `${name} must differ from ${other} (both are ${port})`;
    seen.set(port, name);
  }
  return false;
}
