/** The 1,000-client scale measurement (issue 16, item 5). Not implemented yet: reports nothing. */
export interface ScaleFigures {
  clients: number;
  dropped: number;
  callbacks: number;
  wallS: number;
  rssMiB: number;
  proxyP50Ms: number;
  proxyP99Ms: number;
}

export async function measureScale(): Promise<ScaleFigures | null> {
  return null;
}
