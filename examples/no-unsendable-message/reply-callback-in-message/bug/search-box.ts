// Search-as-you-type: the worker searches, the page renders the hits of each request.
import type { Hit, SearchRequest, SearchResponse } from './protocol';

const worker = new Worker(new URL('./search-worker.ts', import.meta.url), { type: 'module' });
const input = document.querySelector<HTMLInputElement>('#search')!;
const results = document.querySelector<HTMLOListElement>('#results')!;
const pending = new Map<number, SearchRequest>();
let nextId = 0;

worker.onmessage = (event: MessageEvent<SearchResponse>) => {
  pending.get(event.data.id)?.onResult(event.data.hits);
  pending.delete(event.data.id);
};

input.addEventListener('input', () => {
  const request = {
    id: nextId++,
    query: input.value,
    limit: 20,
    onResult: (hits: Hit[]) => results.replaceChildren(...hits.map((hit) => Object.assign(document.createElement('li'), { textContent: hit.title }))),
  };
  pending.set(request.id, request);
  worker.postMessage(request);
});
