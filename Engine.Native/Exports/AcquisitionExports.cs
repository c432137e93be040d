using ScanImageTiff.Native.Interop;
using ScanImageTiff.Native.Runtime;
using ScanImageTiff.ScanImage;

namespace ScanImageTiff.Native.Exports;

/// <summary>Channels × slices × volumes: the structure, per-IFD coordinates, selections, timestamps.</summary>
internal static unsafe class AcquisitionExports
{
    [UnmanagedCallersOnly(EntryPoint = "sitiff_get_structure")]
    public static int GetStructure(long handle, NativeStructure* structure)
    {
        try
        {
            using var lease = NativeCall.Enter(handle);
            NativeCall.NotNull(structure);
            var a = lease.Session.Acquisition;
            var s = StructureOf(a);
            *structure = new NativeStructure
            {
                Era = TypeCodes.Of(a.Metadata?.Era),
                ChannelCount = s.Channels.Count,
                SlicesPerVolume = s.SlicesPerVolume,
                FramesPerSlice = s.FramesPerSlice,
                FlybackFramesPerVolume = s.FlybackFramesPerVolume,
                FramesPerVolumeOnDisk = s.FramesPerVolumeOnDisk,
                IfdsPerVolume = s.IfdsPerVolume,
                VolumesComplete = s.VolumesComplete,
                IfdsInPartialVolumes = s.IfdsInPartialVolumes,
                VolumesInMetadata = s.VolumesInMetadata ?? -1,
                LogAverageFactor = s.LogAverageFactor,
                StackMode = TypeCodes.StackModeOf(s.StackMode),
                IfdCount = s.IfdCount,
                IfdsBefore = s.IfdsBefore,
                VolumeOffset = s.VolumeOffset,
                FramesPerFile = s.FramesPerFile ?? double.NaN,
            };
            return Status.Ok;
        }
        catch (Exception e)
        {
            return NativeCall.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "sitiff_channels")]
    public static int Channels(long handle, int* channels, long capacity, long* count)
    {
        try
        {
            using var lease = NativeCall.Enter(handle);
            NativeCall.CopyArray<int>([.. StructureOf(lease.Session.Acquisition).Channels], channels, capacity, count, "the channel list");
            return Status.Ok;
        }
        catch (Exception e)
        {
            return NativeCall.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "sitiff_locate")]
    public static int Locate(long handle, long first, long count, NativeCoordinates* coordinates)
    {
        try
        {
            using var lease = NativeCall.Enter(handle);
            var s = StructureOf(lease.Session.Acquisition);
            if (first < 0 || count < 0 || first > s.IfdCount || count > s.IfdCount - first)
            {
                throw new ArgumentOutOfRangeException(nameof(first), $"IFDs [{first}, {first} + {count}) are out of range: there are {s.IfdCount}");
            }

            if (count > 0)
            {
                NativeCall.NotNull(coordinates);
            }

            for (var i = 0; i < count; i++)
            {
                var p = s.Locate((int)(first + i));
                coordinates[i] = new NativeCoordinates
                {
                    Ifd = p.Ifd,
                    Volume = p.Volume,
                    Slice = p.Slice,
                    FrameInSlice = p.FrameInSlice,
                    FrameInVolume = p.FrameInVolume,
                    ChannelIndex = p.ChannelIndex,
                    Channel = p.Channel,
                    Flyback = p.IsFlyback ? 1 : 0,
                };
            }

            return Status.Ok;
        }
        catch (Exception e)
        {
            return NativeCall.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "sitiff_select")]
    public static int Select(long handle, int channel, int slice, int volume, int flags, long* ifds, long capacity, long* count)
    {
        try
        {
            using var lease = NativeCall.Enter(handle);
            const int Any = -1;
            const int KnownFlags = 1;
            if ((flags & ~KnownFlags) != 0)
            {
                throw new ArgumentException($"unknown flags 0x{flags:x}", nameof(flags));
            }

            if ((channel < 1 && channel != Any) || (slice < 0 && slice != Any) || (volume < 0 && volume != Any))
            {
                throw new ArgumentOutOfRangeException(nameof(channel), $"channel {channel}, slice {slice}, volume {volume}: use SITIFF_ANY (-1) for 'any'; channels are numbered from 1");
            }

            var selected = StructureOf(lease.Session.Acquisition).Select(
                channel == Any ? null : channel,
                slice == Any ? null : slice,
                volume == Any ? null : volume,
                (flags & 1) != 0);
            var wide = new long[selected.Length];
            for (var i = 0; i < selected.Length; i++)
            {
                wide[i] = selected[i];
            }

            NativeCall.CopyArray<long>(wide, ifds, capacity, count, "the selection");
            return Status.Ok;
        }
        catch (Exception e)
        {
            return NativeCall.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "sitiff_timestamps")]
    public static int Timestamps(long handle, double* timestamps, long capacity, long* count)
    {
        try
        {
            using var lease = NativeCall.Enter(handle);
            NativeCall.CopyArray<double>(lease.Session.Headers.FrameTimestamps, timestamps, capacity, count, "the timestamp list");
            return Status.Ok;
        }
        catch (Exception e)
        {
            return NativeCall.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "sitiff_frame_numbers")]
    public static int FrameNumbers(long handle, long* numbers, long capacity, long* count)
    {
        try
        {
            using var lease = NativeCall.Enter(handle);
            NativeCall.CopyArray<long>(lease.Session.Headers.FrameNumbers, numbers, capacity, count, "the frame number list");
            return Status.Ok;
        }
        catch (Exception e)
        {
            return NativeCall.Fail(e);
        }
    }

    private static AcquisitionStructure StructureOf(ScanImageAcquisition acquisition) =>
        acquisition.Structure ?? throw new NotAvailableException(
            $"{acquisition.Files[0].FilePath} is not a ScanImage file: it has no channel/slice/volume structure");
}
