// The parts of Apache ECharts the page uses, and nothing else (tree-shaken by
// esbuild into www/vendor/echarts.js by scripts/build.sh): bar charts (category
// savings, the waterfall, the price-cut distribution) on the canvas renderer.
import { init, use, getInstanceByDom } from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, TitleComponent, LegendComponent, AriaComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, GridComponent, TooltipComponent, TitleComponent, LegendComponent, AriaComponent, CanvasRenderer]);

export { init, getInstanceByDom };
