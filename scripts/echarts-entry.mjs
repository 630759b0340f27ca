// The parts of Apache ECharts the page uses, and nothing else (tree-shaken by
// esbuild into www/vendor/echarts.js by scripts/build.sh): bar charts (category
// savings, the waterfall, the price-cut distribution, the monitoring decomposition) and line
// charts (the monitoring tab's cumulative purchases against 序时进度) on the canvas renderer; the
// published cut's reference line (a mark line, held by an invisible line series on a
// hidden value axis); labels that would overlap are hidden (label layout).
import { init, use, getInstanceByDom } from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, TitleComponent, LegendComponent, AriaComponent, MarkLineComponent } from 'echarts/components';
import { LabelLayout } from 'echarts/features';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, LineChart, GridComponent, TooltipComponent, TitleComponent, LegendComponent, AriaComponent, MarkLineComponent, LabelLayout, CanvasRenderer]);

export { init, getInstanceByDom };
