namespace Sanitas.Anonymization;

/// <summary>Scratch arrays reused by every roll-up of one search (single-threaded), so checks allocate only what they keep.</summary>
internal sealed class GroupingBuffers
{
    public int[] ClassOf = [];
    public int[] First = [];
    public int[] Sizes = [];
    public long[] Keys = [];
    public long[] SlotKeys = [];
    public int[] SlotValues = [];
    public long[] SpareKeys = [];
    public int[] SpareValues = [];

    public void EnsureSource(int n)
    {
        if (ClassOf.Length < n)
        {
            var size = Math.Max(n, ClassOf.Length * 2);
            ClassOf = new int[size];
            First = new int[size];
            Sizes = new int[size];
            Keys = new long[size];
        }
    }

    public void EnsureSlots(int capacity)
    {
        if (SlotValues.Length < capacity)
        {
            SlotKeys = new long[capacity];
            SlotValues = new int[capacity];
        }
    }
}
