/** The summary panel's width, shared with the placeholder that holds its place while its code loads. */
export const SUMMARY_PANEL_WIDTH = 'clamp(220px, 22vw, 280px)';
