"""The attributes torch's own module classes have (nn.Module and its containers: methods,
and what nn.Module.__init__ sets), as dir() lists them in torch 2.13.0, dunders aside.

A subclass of these whose own code does not define a name, and whose instance was not given it,
has no such attribute: `getattr(block, "_is_stride", False)` on a torchvision block that never
set it is False. Names outside this table are taken as missing only on modules whose classes
nnlint sees in full (their other bases are the torch classes above).
"""

MODULE_ATTRIBUTES = frozenset((
    "T_destination", "_apply", "_backward_hooks", "_backward_pre_hooks", "_buffers",
    "_call_impl", "_compiled_call_impl", "_forward_hooks", "_forward_hooks_always_called",
    "_forward_hooks_with_kwargs", "_forward_pre_hooks", "_forward_pre_hooks_with_kwargs",
    "_get_abs_string_index", "_get_backward_hooks", "_get_backward_pre_hooks",
    "_get_item_by_idx", "_get_name", "_is_full_backward_hook", "_key_to_attr", "_keys",
    "_load_from_state_dict", "_load_state_dict_post_hooks", "_load_state_dict_pre_hooks",
    "_maybe_warn_non_full_backward_hook", "_modules", "_named_members",
    "_non_persistent_buffers_set", "_parameters", "_register_load_state_dict_pre_hook",
    "_register_state_dict_hook", "_replicate_for_data_parallel", "_save_to_state_dict",
    "_size", "_slow_forward", "_state_dict_hooks", "_state_dict_pre_hooks", "_version",
    "_wrapped_call_impl", "add_module", "append", "apply", "bfloat16", "buffers",
    "call_super_init", "children", "clear", "compile", "copy", "cpu", "cuda", "double",
    "dump_patches", "eval", "extend", "extra_repr", "float", "forward", "fromkeys", "get",
    "get_buffer", "get_extra_state", "get_parameter", "get_submodule", "half", "insert",
    "ipu", "items", "keys", "load_state_dict", "modules", "mtia", "named_buffers",
    "named_children", "named_modules", "named_parameters", "parameters", "pop", "popitem",
    "register_backward_hook", "register_buffer", "register_forward_hook",
    "register_forward_pre_hook", "register_full_backward_hook",
    "register_full_backward_pre_hook", "register_load_state_dict_post_hook",
    "register_load_state_dict_pre_hook", "register_module", "register_parameter",
    "register_state_dict_post_hook", "register_state_dict_pre_hook", "requires_grad_",
    "set_extra_state", "set_submodule", "setdefault", "share_memory", "state_dict", "to",
    "to_empty", "train", "training", "type", "update", "values", "xpu", "zero_grad"
))
