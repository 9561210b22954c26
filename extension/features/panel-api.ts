// The messages the side panel answers (an extension page): the panel's side of the handler maps
// in ./messages.ts.
import { z } from '../../core/schema/common.ts';
import { handler } from './messages.ts';

/** What the panel does for its messages. */
export interface PanelActions {
  /** The toolbar was clicked on this tab (activeTab is granted now): read it again. */
  attach(tabId: number | undefined): void;
}

/** The panel's handlers, bound to its controller. */
export function panelHandlers(panel: PanelActions) {
  return {
    /** Background → side panel: the toolbar was clicked on this tab. */
    'storelens:panel-attach': handler({
      from: ['extension'],
      input: z.object({ tabId: z.number().int().nonnegative().optional() }),
      run: ({ tabId }) => panel.attach(tabId),
    }),
  };
}

export type PanelApi = ReturnType<typeof panelHandlers>;
