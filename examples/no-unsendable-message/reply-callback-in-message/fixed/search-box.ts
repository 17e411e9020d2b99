// Search-as-you-type: the worker searches, the page renders the hits of each request.
import type { Hit, SearchRequest, SearchResponse } from './protocol';

const worker = new Worker(new URL('./search-worker.ts', import.meta.url), { type: 'module' });
const input = document.querySelector<HTMLInputElement>('#search')!;
const results = document.querySelector<HTMLOListElement>('#results')!;
// Callbacks stay on this side of the boundary; the request carries only its id.
const pending = new Map<number, (hits: Hit[]) => void>();
let nextId = 0;

worker.onmessage = (event: MessageEvent<SearchResponse>) => {
  pending.get(event.data.id)?.(event.data.hits);
  pending.delete(event.data.id);
};

input.addEventListener('input', () => {
  const request: SearchRequest = { id: nextId++, query: input.value, limit: 20 };
  pending.set(request.id, (hits) => results.replaceChildren(...hits.map((hit) => Object.assign(document.createElement('li'), { textContent: hit.title }))));
  worker.postMessage(request);
});
