#!/usr/bin/python3
"""Runs /work/shared/reference/pytorch_fmnist_reference.py unchanged, on the first LIMIT training images and 2000 test
images (as the .NET side does), by wrapping its loaders. Usage: pytorch_subset.py REFERENCE EPOCHS THREADS LIMIT OUT"""
import importlib.util, sys

reference, epochs, threads, limit, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
spec = importlib.util.spec_from_file_location("reference", reference)
ref = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ref)
load_images, load_labels = ref.load_images, ref.load_labels
ref.load_images = lambda name: load_images(name)[: (limit if name.startswith("train") else 2000)]
ref.load_labels = lambda name: load_labels(name)[: (limit if name.startswith("train") else 2000)]
ref.train(epochs, threads, out)
