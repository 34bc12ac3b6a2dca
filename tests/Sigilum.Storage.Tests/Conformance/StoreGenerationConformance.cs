namespace Sigilum.Storage.Conformance;

/// <summary>The store generation counter (reliability STO-15): starts at 0, only rises, never loses a raise between instances.</summary>
public abstract class StoreGenerationConformance(StoreProvider provider) : StoreTestBase(provider)
{
    [Fact]
    public async Task GetAsync_NeverAdvanced_Zero() => Assert.Equal(0, await Store.Generation.GetAsync());

    [Fact]
    public async Task AdvanceAsync_RisesByOne_OrJumpsToTheFloor_AndIsReadBack()
    {
        Assert.Equal(1, await Store.Generation.AdvanceAsync(0));
        Assert.Equal(2, await Store.Generation.AdvanceAsync(0));
        Assert.Equal(10, await Store.Generation.AdvanceAsync(10));
        Assert.Equal(11, await Store.Generation.AdvanceAsync(5));

        Assert.Equal(11, await (await OpenAsync()).Generation.GetAsync());
    }

    [Fact]
    public async Task AdvanceAsync_FourInstancesAtOnce_EachGetsItsOwnValue()
    {
        var stores = new[] { Store, await OpenAsync(), await OpenAsync(), await OpenAsync() };

        var values = await RaceAsync(stores.Length, i => stores[i].Generation.AdvanceAsync(0));

        Assert.Equal([1L, 2L, 3L, 4L], values.Order());
        Assert.Equal(4, await Store.Generation.GetAsync());
    }
}
