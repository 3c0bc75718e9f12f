using System.Diagnostics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Bench.Training;

/// <summary>
/// The peer: the loop a TorchSharp user writes by hand, line for line the PyTorch reference
/// (/work/shared/reference/pytorch_fmnist_reference.py): same CNN, SGD, per-batch cosine schedule, seeded randperm.
/// </summary>
internal static class HandWrittenLoop
{
    public static double Run(int epochs, int threads, long limit)
    {
        set_num_threads(threads);
        manual_seed(42);
        var (xtr, ytr) = FashionMnist.Load("train");
        if (limit < xtr.shape[0])
            (xtr, ytr) = (xtr.narrow(0, 0, limit), ytr.narrow(0, 0, limit));
        var x = xtr.to(float32).div_(255).sub_(0.2860).div_(0.3530);
        var model = new Net();
        const int batch = 128;
        var n = x.shape[0];
        var steps = (n + batch - 1) / batch;
        var optimizer = optim.SGD(model.parameters(), 0.05, momentum: 0.9, weight_decay: 5e-4);
        var scheduler = optim.lr_scheduler.CosineAnnealingLR(optimizer, (int)(epochs * steps));
        using var generator = new Generator(42);
        double samplesPerSecond = 0;
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            model.train();
            var clock = Stopwatch.StartNew();
            long seen = 0;
            using var permutation = randperm(n, generator: generator);
            for (long i = 0, k = 0; i < n; i += batch, k++)
            {
                using var scope = NewDisposeScope();
                var index = permutation.narrow(0, i, Math.Min(batch, n - i));
                var xb = x.index_select(0, index);
                var yb = ytr.index_select(0, index);
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(model.call(xb), yb);
                loss.backward();
                optimizer.step();
                scheduler.step();
                if (k % 50 == 0)
                    loss.item<float>();
                seen += index.shape[0];
            }
            samplesPerSecond = seen / clock.Elapsed.TotalSeconds;
            Console.WriteLine(
                $"hand-written epoch {epoch + 1}: {seen} samples in {clock.Elapsed.TotalSeconds:F2}s = {samplesPerSecond:F0} samples/s"
            );
        }
        return samplesPerSecond;
    }

    private sealed class Net : nn.Module<Tensor, Tensor>
    {
        private readonly Conv2d conv1 = nn.Conv2d(1, 32, 3, padding: 1);
        private readonly BatchNorm2d bn1 = nn.BatchNorm2d(32);
        private readonly Conv2d conv2 = nn.Conv2d(32, 64, 3, padding: 1);
        private readonly BatchNorm2d bn2 = nn.BatchNorm2d(64);
        private readonly Dropout drop = nn.Dropout(0.25);
        private readonly Linear fc1 = nn.Linear(64 * 7 * 7, 128);
        private readonly Linear fc2 = nn.Linear(128, 10);

        public Net()
            : base("net") => RegisterComponents();

        public override Tensor forward(Tensor input)
        {
            var x = nn.functional.max_pool2d(nn.functional.relu(bn1.call(conv1.call(input))), 2);
            x = nn.functional.max_pool2d(nn.functional.relu(bn2.call(conv2.call(x))), 2);
            x = drop.call(x.flatten(1));
            return fc2.call(nn.functional.relu(fc1.call(x)));
        }
    }
}
