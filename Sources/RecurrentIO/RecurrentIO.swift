/// Files in and out: safetensors, .npy, CSV, and state dict → model. (Filled in by the files issue.)
import Recurrent
