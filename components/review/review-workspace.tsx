"use client";

import * as Tabs from "@radix-ui/react-tabs";
import { useQuery } from "@tanstack/react-query";
import { memo, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { formatFrame, parseGoTo, timecodeOptionsOf } from "@/components/player/frame-format";
import type { FrameClock } from "@/components/player/frame-clock";
import { createFrameStore, useFrameStore, type FrameStore } from "@/components/player/frame-store";
import { parseThumbnailVtt } from "@/components/player/sprite-thumbnails";
import { Timeline, type TimelineMarker } from "@/components/player/timeline";
import { TransportBar } from "@/components/player/transport-bar";
import { usePlayback, type Playback } from "@/components/player/use-playback";
import { usePlayerShortcuts } from "@/components/player/use-player-shortcuts";
import { VideoSurface, type QualityLevel, type SourceKind } from "@/components/player/video-surface";
import { formatFrameRate, frameToSeconds, nominalRate, type FrameRate, type FrameReadoutMode, type SourceTimecodeOptions } from "@/lib/timecode";
import type { ReviewPanelTab } from "@/lib/review/room-path";
import { groupThreads, markedThreads, NO_FILTER, type CommentFilter } from "./comment-filter";
import { CommentsPanel, type CommentsPanelHandle } from "./comments-panel";
import { composerTargetOf, type ComposerTarget } from "./composer-target";
import { DecisionHistory } from "./decision-bar";
import { ProcessingPanel } from "./processing-panel";
import { errorMessage, type ReviewComment, type ReviewData } from "./review-api";
import { useComments } from "./use-review-data";
import { versionLabel } from "./version-bar";

/** What a version needs to be played frame-accurately; null while it cannot be. */
interface Playable {
  versionId: string;
  label: string;
  rate: FrameRate;
  frameCount: number;
  hlsUrl: string | null;
  proxyUrl: string | null;
  posterUrl: string | null;
  spriteVttUrl: string | null;
  timecode: SourceTimecodeOptions;
}

function playableOf(data: ReviewData): Playable | null {
  const v = data.version;
  const { hlsUrl, proxyUrl, posterUrl, spriteVttUrl } = data.renditions;
  if (v.processingState !== "READY" || !v.frameRate || (!hlsUrl && !proxyUrl)) return null;
  const fps = v.frameRate.num / v.frameRate.den;
  const frameCount = v.frameCount ?? (v.durationSeconds ? Math.floor(v.durationSeconds * fps) : null);
  if (!frameCount || frameCount < 1) return null;
  return {
    versionId: v.id,
    label: versionLabel(v),
    rate: v.frameRate,
    frameCount,
    hlsUrl,
    proxyUrl,
    posterUrl,
    spriteVttUrl,
    timecode: timecodeOptionsOf({ frameRate: v.frameRate, startTimecode: v.startTimecode, dropFrame: v.dropFrame }),
  };
}

export interface ReviewWorkspaceProps {
  data: ReviewData;
  compareData: ReviewData | null;
  compareError: string | null;
  /** Side-panel tab open at first. */
  initialTab: ReviewPanelTab;
}

/** A frame store that never moves, for the side panel of a version that cannot play yet. */
const FRAME_ZERO: FrameStore = createFrameStore(0);
const noop = () => undefined;

export function ReviewWorkspace(props: ReviewWorkspaceProps) {
  const playable = playableOf(props.data);
  const [filter, setFilter] = useState<CommentFilter>(NO_FILTER);
  if (!playable) {
    return (
      <div className="flex min-h-0 flex-1">
        <section className="flex min-w-0 flex-1 bg-black" aria-label="Player">
          <ProcessingPanel version={props.data.version} canRetry={props.data.permissions.canRetry} />
        </section>
        <SidePanel
          data={props.data}
          initialTab={props.initialTab}
          target={PLAYHEAD}
          playhead={FRAME_ZERO}
          pendingInFrame={null}
          filter={filter}
          onFilter={setFilter}
          blockedReason="Comments open once the version is ready."
          formatFrame={String}
          selectedId={null}
          onJump={noop}
          onClearRange={noop}
          onSetIn={noop}
          onSetOut={noop}
          onComposerFocus={noop}
        />
      </div>
    );
  }
  return <PlayerWorkspace {...props} playable={playable} filter={filter} onFilter={setFilter} />;
}

const PLAYHEAD: ComposerTarget = { kind: "playhead" };

/**
 * The player, timeline, transport and side panel. Renders on playback state changes (ready, play,
 * pause, busy, in/out), not on every presented frame: the frame lives in `playback.frameStore`
 * and only the stage attributes, readout, playhead and composer line subscribe to it.
 */
function PlayerWorkspace(
  props: ReviewWorkspaceProps & { playable: Playable; filter: CommentFilter; onFilter: (filter: CommentFilter) => void },
) {
  const { data, playable, filter } = props;
  const comparePlayable = props.compareData ? playableOf(props.compareData) : null;
  const isComparing = props.compareData !== null || props.compareError !== null;

  const [primaryClock, setPrimaryClock] = useState<FrameClock | null>(null);
  const [secondaryClock, setSecondaryClock] = useState<FrameClock | null>(null);
  // A compare side that cannot play is dropped from the transport: the primary stays usable.
  const [compareVideoError, setCompareVideoError] = useState<string | null>(null);
  const drivesCompare = comparePlayable !== null && compareVideoError === null;
  const clocks = useMemo(
    () => (drivesCompare ? [primaryClock, secondaryClock] : [primaryClock]),
    [drivesCompare, primaryClock, secondaryClock],
  );
  const playback = usePlayback(clocks, playable.frameCount);

  const [levels, setLevels] = useState<QualityLevel[]>([]);
  const [level, setLevel] = useState(-1);
  const [sourceKind, setSourceKind] = useState<SourceKind>(playable.hlsUrl ? "hls" : "proxy");
  const [volume, setVolume] = useState(1);
  const [isMuted, setIsMuted] = useState(false);
  const [readoutMode, setReadoutMode] = useState<FrameReadoutMode>("timecode");
  const [isFullscreen, setIsFullscreen] = useState(false);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [playerError, setPlayerError] = useState<string | null>(null);
  const stageRef = useRef<HTMLElement>(null);
  // Switching between HLS and the MP4 proxy re-attaches the source: come back to the same frame.
  const resumeFrameRef = useRef<number | null>(null);
  const commentsRef = useRef<CommentsPanelHandle>(null);

  useEffect(() => {
    const resume = resumeFrameRef.current;
    if (playback.isReady && resume !== null) {
      resumeFrameRef.current = null;
      void playback.seek(resume);
    }
  }, [playback.isReady]);

  const format = useCallback((f: number) => formatFrame(f, readoutMode, playable.timecode), [readoutMode, playable.timecode]);

  const thumbnails = useQuery({
    queryKey: ["thumbnails", playable.spriteVttUrl],
    enabled: playable.spriteVttUrl !== null,
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: async () => {
      const res = await fetch(playable.spriteVttUrl!);
      if (!res.ok) return [];
      return parseThumbnailVtt(await res.text(), playable.spriteVttUrl!);
    },
  });

  useEffect(() => {
    const onChange = () => setIsFullscreen(document.fullscreenElement === stageRef.current);
    document.addEventListener("fullscreenchange", onChange);
    return () => document.removeEventListener("fullscreenchange", onChange);
  }, []);
  const toggleFullscreen = useCallback(() => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void stageRef.current?.requestFullscreen().catch(() => undefined);
  }, []);
  const toggleMute = useCallback(() => setIsMuted((m) => !m), []);

  usePlayerShortcuts({
    playback,
    framesPerSecond: nominalRate(playable.rate),
    toggleFullscreen,
    toggleMute,
    focusComposer: () => commentsRef.current?.focusComposer(),
  });

  const comments = useComments(playable.versionId);
  const commentList = comments.data ?? EMPTY_COMMENTS;
  const grouped = useMemo(() => groupThreads(commentList), [commentList]);

  const jumpTo = useCallback(
    (comment: ReviewComment) => {
      setSelectedId(comment.id);
      void playback.seek(comment.frameIn);
      document.querySelector(`[data-comment-id="${CSS.escape(comment.id)}"]`)?.scrollIntoView({ block: "nearest" });
    },
    [playback],
  );

  // Markers show what the panel shows: the status/author filter applies to both.
  const markers: TimelineMarker[] = useMemo(
    () =>
      markedThreads(grouped, filter).map((c) => ({
        id: c.id,
        frameIn: c.frameIn,
        frameOut: c.frameOut,
        label: `Comment by ${c.author.name} at ${format(c.frameIn)}${c.frameOut !== null && c.frameOut !== c.frameIn ? ` to ${format(c.frameOut)}` : ""}: ${c.body.slice(0, 80)}`,
        isResolved: c.resolvedAt !== null,
        isSelected: c.id === selectedId,
      })),
    [grouped, filter, format, selectedId],
  );
  const onMarker = useCallback(
    (id: string) => {
      const c = commentList.find((x) => x.id === id);
      if (c) jumpTo(c);
    },
    [commentList, jumpTo],
  );

  const { inFrame, outFrame } = playback.loop;
  const target = useMemo(() => composerTargetOf({ inFrame, outFrame }), [inFrame, outFrame]);
  const pendingInFrame = target.kind === "playhead" ? inFrame : null;

  const goTo = useCallback(
    (text: string): string | null => {
      const result = parseGoTo(text, playable.timecode, playable.frameCount);
      if ("error" in result) return result.error;
      void playback.seek(result.frame);
      return null;
    },
    [playable.timecode, playable.frameCount, playback],
  );
  const frameToSecondsOfRate = useCallback((f: number) => frameToSeconds(f, playable.rate), [playable.rate]);
  const onScrub = useCallback((f: number) => void playback.seek(f), [playback]);
  const onVolume = useCallback((v: number) => {
    setVolume(v);
    setIsMuted(v === 0);
  }, []);
  const onSourceKind = useCallback(
    (kind: SourceKind) => {
      if (kind !== sourceKind) {
        resumeFrameRef.current = playback.currentFrame();
        setLevel(-1);
        setSourceKind(kind);
      }
    },
    [sourceKind, playback],
  );
  const onSetIn = useCallback(() => playback.setIn(playback.currentFrame()), [playback]);
  const onSetOut = useCallback(() => playback.setOut(playback.currentFrame()), [playback]);

  const surface = (p: Playable, isPrimary: boolean) => (
    <VideoSurface
      hlsUrl={p.hlsUrl}
      proxyUrl={p.proxyUrl}
      posterUrl={p.posterUrl}
      sourceKind={p.hlsUrl ? sourceKind : "proxy"}
      rate={p.rate}
      frameCount={p.frameCount}
      level={isPrimary ? level : -1}
      volume={volume}
      // The compare side is always silent: two soundtracks at once help nobody.
      isMuted={isPrimary ? isMuted : true}
      label={`Video ${p.label}`}
      onClock={isPrimary ? setPrimaryClock : setSecondaryClock}
      onLevels={isPrimary ? setLevels : undefined}
      onError={isPrimary ? setPlayerError : setCompareVideoError}
    />
  );

  return (
    <div className="flex min-h-0 flex-1">
      <Stage stageRef={stageRef} playback={playback} t0={primaryClock?.t0 ?? null}>
        <div className={`relative grid min-h-0 flex-1 gap-px bg-black ${isComparing ? "grid-cols-2" : "grid-cols-1"}`}>
          <figure className="relative m-0 min-h-0" data-testid="player-primary">
            {surface(playable, true)}
            {isComparing && <SideLabel text={`${playable.label} · this version`} />}
          </figure>
          {isComparing && (
            <figure className="relative m-0 flex min-h-0" data-testid="player-compare" data-failed={compareVideoError !== null || undefined}>
              {comparePlayable ? (
                surface(comparePlayable, false)
              ) : props.compareData ? (
                <ProcessingPanel version={props.compareData.version} canRetry={false} />
              ) : (
                <p className="m-auto text-ink-400">{props.compareError ?? "Loading the other version…"}</p>
              )}
              {comparePlayable && <SideLabel text={`${comparePlayable.label} · compare`} />}
              {comparePlayable && compareVideoError && (
                <div className="absolute inset-0 flex items-center justify-center bg-black/80 p-4">
                  <p role="alert" data-testid="compare-error" className="max-w-sm rounded border border-red-900 bg-red-950/90 px-3 py-2 text-center text-red-100">
                    {comparePlayable.label} cannot be played for comparison: {compareVideoError} {playable.label} still plays on its own.
                  </p>
                </div>
              )}
            </figure>
          )}
          {!playback.isReady && !playerError && (
            <p className="pointer-events-none absolute inset-x-0 bottom-3 text-center text-xs text-ink-400">Loading video…</p>
          )}
          {playerError && (
            <p role="alert" className="absolute inset-x-0 top-3 mx-auto w-fit rounded border border-red-900 bg-red-950/80 px-3 py-1.5 text-red-200">
              {playerError}
            </p>
          )}
        </div>
        <div className="bg-ink-900">
          <Timeline
            frameStore={playback.frameStore}
            frameCount={playable.frameCount}
            frameToSeconds={frameToSecondsOfRate}
            format={format}
            markers={markers}
            inFrame={inFrame}
            outFrame={outFrame}
            thumbnails={thumbnails.data ?? EMPTY_THUMBNAILS}
            isDisabled={!playback.isReady}
            onScrub={onScrub}
            onMarker={onMarker}
          />
          <TransportBar
            playback={playback}
            readoutMode={readoutMode}
            onReadoutMode={setReadoutMode}
            formatFrame={format}
            goTo={goTo}
            rateLabel={`${formatFrameRate(playable.rate)}${playable.timecode.dropFrame ? " DF" : ""}`}
            volume={volume}
            isMuted={isMuted}
            onVolume={onVolume}
            onToggleMute={toggleMute}
            isFullscreen={isFullscreen}
            onToggleFullscreen={toggleFullscreen}
            levels={levels}
            level={level}
            onLevel={setLevel}
            sourceKind={sourceKind}
            canUseHls={playable.hlsUrl !== null}
            canUseProxy={playable.proxyUrl !== null}
            onSourceKind={onSourceKind}
          />
        </div>
      </Stage>
      <SidePanel
        data={data}
        initialTab={props.initialTab}
        comments={commentList}
        commentsLoading={comments.isPending}
        commentsError={comments.isError ? errorMessage(comments.error) : null}
        panelRef={commentsRef}
        target={target}
        playhead={playback.frameStore}
        pendingInFrame={pendingInFrame}
        filter={filter}
        onFilter={props.onFilter}
        blockedReason={null}
        formatFrame={format}
        selectedId={selectedId}
        onJump={jumpTo}
        onClearRange={playback.clearRange}
        onSetIn={onSetIn}
        onSetOut={onSetOut}
        onComposerFocus={playback.pause}
      />
    </div>
  );
}

const EMPTY_COMMENTS: ReviewComment[] = [];
const EMPTY_THUMBNAILS: never[] = [];

/**
 * The player section. It subscribes to the frame for its test/debug attributes; its children are
 * elements made by the workspace, so re-rendering the stage per frame does not re-render them.
 */
function Stage(props: { stageRef: React.Ref<HTMLElement>; playback: Playback; t0: number | null; children: React.ReactNode }) {
  const frame = useFrameStore(props.playback.frameStore);
  const { playback } = props;
  return (
    <section
      ref={props.stageRef}
      className="flex min-w-0 flex-1 flex-col bg-ink-950"
      data-testid="player"
      data-ready={playback.isReady}
      data-busy={playback.isBusy}
      data-frame={frame}
      data-playing={playback.isPlaying}
      data-t0={props.t0 ?? ""}
      aria-label="Player"
    >
      {props.children}
    </section>
  );
}

function SideLabel({ text }: { text: string }) {
  return (
    <figcaption className="pointer-events-none absolute left-2 top-2 rounded bg-black/70 px-1.5 py-0.5 font-mono text-xs text-ink-100">
      {text}
    </figcaption>
  );
}

interface SidePanelProps {
  data: ReviewData;
  initialTab: ReviewPanelTab;
  comments?: readonly ReviewComment[];
  commentsLoading?: boolean;
  commentsError?: string | null;
  panelRef?: React.Ref<CommentsPanelHandle>;
  target: ComposerTarget;
  playhead: FrameStore;
  pendingInFrame: number | null;
  filter: CommentFilter;
  onFilter: (filter: CommentFilter) => void;
  blockedReason: string | null;
  formatFrame: (f: number) => string;
  selectedId: string | null;
  onJump: (c: ReviewComment) => void;
  onClearRange: () => void;
  onSetIn: () => void;
  onSetOut: () => void;
  onComposerFocus: () => void;
}

const SidePanel = memo(function SidePanel(props: SidePanelProps) {
  const { data } = props;
  const fallback = useComments(data.version.id);
  const list = props.comments ?? fallback.data ?? EMPTY_COMMENTS;
  const openCount = list.filter((c) => c.parentId === null && !c.deleted && !c.resolvedAt).length;
  const permissions = data.permissions;
  const canResolve = permissions.canResolve ?? permissions.canComment;
  const blocked = props.blockedReason ?? (permissions.canComment ? null : "You cannot comment on this project.");
  const viewer = useMemo(() => ({ id: data.viewer.id, isAdmin: data.viewer.isAdmin }), [data.viewer.id, data.viewer.isAdmin]);
  return (
    <aside className="flex w-[360px] shrink-0 flex-col border-l border-ink-800 bg-ink-900" aria-label="Review panel">
      <Tabs.Root defaultValue={props.initialTab} className="flex min-h-0 flex-1 flex-col">
        <Tabs.List aria-label="Review panel" className="flex border-b border-ink-800 text-sm">
          <Tabs.Trigger
            value="comments"
            className="border-b-2 border-transparent px-3 py-2 text-ink-300 data-[state=active]:border-accent-500 data-[state=active]:text-ink-100"
          >
            Comments <span className="ml-1 rounded bg-ink-800 px-1 text-xs">{openCount}</span>
          </Tabs.Trigger>
          <Tabs.Trigger
            value="decisions"
            className="border-b-2 border-transparent px-3 py-2 text-ink-300 data-[state=active]:border-accent-500 data-[state=active]:text-ink-100"
          >
            Decisions <span className="ml-1 rounded bg-ink-800 px-1 text-xs">{data.decisions.length}</span>
          </Tabs.Trigger>
        </Tabs.List>
        <Tabs.Content value="comments" className="min-h-0 flex-1 focus-visible:outline-none data-[state=inactive]:hidden" forceMount>
          <CommentsPanel
            ref={props.panelRef}
            versionId={data.version.id}
            comments={list}
            isLoading={props.commentsLoading ?? fallback.isPending}
            loadError={props.commentsError ?? (fallback.isError ? errorMessage(fallback.error) : null)}
            viewer={viewer}
            canComment={permissions.canComment}
            canResolve={canResolve}
            commentBlockedReason={blocked}
            target={props.target}
            playhead={props.playhead}
            pendingInFrame={props.pendingInFrame}
            filter={props.filter}
            onFilter={props.onFilter}
            onClearRange={props.onClearRange}
            onSetIn={props.onSetIn}
            onSetOut={props.onSetOut}
            onComposerFocus={props.onComposerFocus}
            formatFrame={props.formatFrame}
            selectedId={props.selectedId}
            onJump={props.onJump}
          />
        </Tabs.Content>
        <Tabs.Content value="decisions" className="min-h-0 flex-1 overflow-y-auto focus-visible:outline-none">
          <DecisionHistory decisions={data.decisions} />
        </Tabs.Content>
      </Tabs.Root>
    </aside>
  );
});
