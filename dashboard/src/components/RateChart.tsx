import { useEffect, useRef, useState } from "preact/hooks";
import { eventRate, type RateBucket } from "../lib/api";
import { errorText } from "./Notice";

const WINDOW_S = 2 * 3600;

/** Events per minute over the last two hours (eventRate, from the per-minute rollup), drawn with
 * uPlot. uPlot loads with this component only, not with the first page. */
export function RateChart({ triggerId, refreshKey }: { triggerId: string; refreshKey: number }) {
  const box = useRef<HTMLDivElement>(null);
  const [buckets, setBuckets] = useState<RateBucket[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const since = new Date(Date.now() - WINDOW_S * 1000).toISOString();
    eventRate(triggerId, since)
      .then((b) => live && setBuckets(b))
      .catch((e) => live && setError(errorText(e)));
    return () => {
      live = false;
    };
  }, [triggerId, refreshKey]);

  useEffect(() => {
    if (!buckets || !box.current) return;
    let plot: { destroy(): void; setSize(s: { width: number; height: number }): void } | null = null;
    let cancelled = false;
    let observer: ResizeObserver | null = null;
    (async () => {
      const [{ default: UPlot }] = await Promise.all([import("uplot"), import("uplot/dist/uPlot.min.css")]);
      if (cancelled || !box.current) return;
      // Every minute of the window, zero where the rollup has no bucket: gaps read as "no events".
      const now = Math.floor(Date.now() / 60_000) * 60;
      const counts = new Map(buckets.map((b) => [Math.floor(Date.parse(b.start) / 60_000) * 60, b.count]));
      const xs: number[] = [];
      const ys: number[] = [];
      for (let t = now - WINDOW_S + 60; t <= now; t += 60) {
        xs.push(t);
        ys.push(counts.get(t) ?? 0);
      }
      const width = Math.max(280, box.current.clientWidth);
      plot = new UPlot(
        {
          width,
          height: 180,
          legend: { show: false },
          cursor: { drag: { x: false, y: false } },
          scales: { y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
          axes: [{ stroke: "#333" }, { stroke: "#333", label: "events / min", size: 50 }],
          series: [{}, { label: "Events", stroke: "#1d4ed8", fill: "rgba(29,78,216,0.15)", width: 1.5 }],
        },
        [xs, ys],
        box.current,
      );
      observer = new ResizeObserver(() => {
        if (box.current && plot) plot.setSize({ width: Math.max(280, box.current.clientWidth), height: 180 });
      });
      observer.observe(box.current);
    })();
    return () => {
      cancelled = true;
      observer?.disconnect();
      plot?.destroy();
    };
  }, [buckets]);

  const total = buckets?.reduce((s, b) => s + b.count, 0) ?? 0;
  return (
    <figure class="chart">
      <div ref={box} role="img" aria-label="Events per minute, last 2 hours" class="chart-box" />
      <figcaption>
        {error
          ? `The chart could not load: ${error}`
          : buckets
            ? `${total} events in the last 2 hours, per minute.`
            : "Loading the chart…"}
      </figcaption>
    </figure>
  );
}
