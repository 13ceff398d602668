import { didYouMean } from '../../diagnostics/suggest.ts';
import { type ValidationContext, workflowLabel } from '../context.ts';

/**
 * `implements` names loaded stories; checked only when story files were part of the input, and
 * only against (and when there are) stories of the workflow's own app.
 */
export function KnownStoriesRule(context: ValidationContext): void {
  if (!context.options.storiesLoaded) return;
  // The story ids of each app, gathered once (filtering every story for each workflow was quadratic).
  const appOf = context.options.appOf;
  const storiesOf = new Map<string, { ids: Set<string>; list: string[] }>();
  for (const story of context.ir.stories) {
    const app = appOf ? appOf(story) : '';
    let stories = storiesOf.get(app);
    if (!stories) {
      stories = { ids: new Set(), list: [] };
      storiesOf.set(app, stories);
    }
    stories.ids.add(story.story_id);
    stories.list.push(story.story_id);
  }
  for (const workflow of context.workflows) {
    const stories = storiesOf.get(appOf ? appOf(workflow.spec) : '');
    if (!stories) continue;
    (workflow.spec.implements ?? []).forEach((id, index) => {
      if (stories.ids.has(id)) return;
      context.reportAt(
        'DZ311',
        `${workflowLabel(workflow)} implements story "${id}", which no loaded story file defines.` +
          didYouMean(id, stories.list),
        context.locateAny(workflow.spec, [`implements.${index}`, 'implements']),
      );
    });
  }
}
