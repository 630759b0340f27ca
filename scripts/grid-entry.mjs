// The page's data grid: only the AG Grid Community modules the input view uses (client-side
// rows, text editing, text filters, row and cell classes, the row / column / scroll APIs),
// bundled by esbuild (scripts/build.sh) into www/vendor/grid.js and loaded on first use.
// Why AG Grid Community and not Tabulator: docs/grid.md.
import {
  createGrid, ModuleRegistry, ClientSideRowModelModule, TextEditorModule, TextFilterModule,
  CellStyleModule, RowStyleModule, RowApiModule, ColumnApiModule, ScrollApiModule, RenderApiModule, themeQuartz,
} from 'ag-grid-community';

ModuleRegistry.registerModules([
  ClientSideRowModelModule, TextEditorModule, TextFilterModule, CellStyleModule, RowStyleModule,
  RowApiModule, ColumnApiModule, ScrollApiModule, RenderApiModule,
]);

export { createGrid, themeQuartz };
