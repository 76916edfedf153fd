/**
 * The operations the GitHub fake implements (by OpenAPI operationId) and which route module
 * answers each; any other operation GitHub has is answered 404 and counted as a violation.
 */
import type { Answer, Ctx } from './answer.js';
import { checksRoute } from './routes-checks.js';
import { repoRoute } from './routes-repo.js';
import { reviewsRoute } from './routes-reviews.js';

const ROUTES: Record<string, (id: string, c: Ctx) => Answer | null> = {
  'repos/get': repoRoute,
  'pulls/get': repoRoute,
  'pulls/list-commits': repoRoute,
  'pulls/list-files': repoRoute,
  'repos/get-commit': repoRoute,
  'repos/list-commits': repoRoute,
  'repos/get-content': repoRoute,
  'checks/create': checksRoute,
  'checks/update': checksRoute,
  'checks/get': checksRoute,
  'checks/list-for-ref': checksRoute,
  'checks/list-annotations': checksRoute,
  'pulls/create-review': reviewsRoute,
  'pulls/list-reviews': reviewsRoute,
  'pulls/create-review-comment': reviewsRoute,
  'pulls/list-review-comments': reviewsRoute,
  'pulls/update-review-comment': reviewsRoute,
  'pulls/delete-review-comment': reviewsRoute,
};

export function route(id: string, c: Ctx): Answer | null {
  return ROUTES[id]?.(id, c) ?? null;
}
