// Background → side panel: the toolbar was clicked on this tab (activeTab is granted now), so an
// open panel that could not read the tab tries again.
export const PANEL_ATTACH = 'storelens:panel-attach';

export interface PanelAttachMessage {
  type: typeof PANEL_ATTACH;
  tabId?: number;
}
