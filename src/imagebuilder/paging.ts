/**
 * Every Image Builder list call pages with nextToken; this walks all pages. `limit` guards against a service that keeps
 * returning the same token, which would otherwise loop forever.
 */
export async function collectPages<T>(
  fetchPage: (nextToken: string | undefined) => Promise<{ items: readonly T[] | undefined; nextToken?: string | undefined }>,
  limit = 1000,
): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  for (let page = 0; page < limit; page++) {
    const response = await fetchPage(token);
    items.push(...(response.items ?? []));
    if (!response.nextToken) return items;
    token = response.nextToken;
  }
  throw new Error(`stopped after ${limit} pages: the service kept returning a next page`);
}
